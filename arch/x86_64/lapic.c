/* cordon x86_64: local APIC timer (xAPIC MMIO) calibrated, with the TSC, against PIT channel 2. */
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <kernel/console.h>

/* xAPIC register offsets, see AMD APM vol. 2, 16.3 and Table 16-2. */
#define APIC_EOI 0x0b0
#define APIC_SVR 0x0f0
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3e0
#define LVT_MASKED (1u << 16)
#define LVT_PERIODIC (1u << 17)

#define PIT_HZ 1193182u
#define CALIBRATE_MS 20u

static volatile u32 *apic;
static u64 tsc_per_ms;
static u32 apic_per_ms;

static u32 apic_read(u32 reg) { return apic[reg / 4]; }
static void apic_write(u32 reg, u32 v) { apic[reg / 4] = v; }

/* Gates PIT channel 2 for CALIBRATE_MS and counts TSC and APIC ticks meanwhile (mode 0, 8254 data sheet). */
static void calibrate(void)
{
	u32 latch = PIT_HZ * CALIBRATE_MS / 1000;
	u64 t0, t1;
	u32 a0, a1;
	outb(0x61, (u8)((inb(0x61) & ~0x02) | 0x01)); /* gate on, speaker off */
	outb(0x43, 0xb0);			       /* channel 2, lo/hi byte, mode 0 */
	outb(0x42, (u8)latch);
	outb(0x42, (u8)(latch >> 8));
	apic_write(APIC_TIMER_INIT, 0xffffffffu);
	t0 = rdtsc();
	a0 = apic_read(APIC_TIMER_CUR);
	while (!(inb(0x61) & 0x20))
		pause();
	t1 = rdtsc();
	a1 = apic_read(APIC_TIMER_CUR);
	apic_write(APIC_TIMER_INIT, 0);
	tsc_per_ms = (t1 - t0) / CALIBRATE_MS;
	apic_per_ms = (a0 - a1) / CALIBRATE_MS;
}

void lapic_init(void)
{
	u64 base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | (1u << 11)); /* global enable */
	apic = (volatile u32 *)(base & 0xffffff000ULL);
	/* Legacy 8259 PICs fully masked: only the local APIC interrupts us. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	apic_write(APIC_SVR, 0x100 | VEC_SPURIOUS);
	apic_write(APIC_LVT_LINT0, LVT_MASKED);
	apic_write(APIC_LVT_LINT1, LVT_MASKED);
	apic_write(APIC_LVT_ERROR, LVT_MASKED);
	apic_write(APIC_TIMER_DIV, 0x3); /* divide by 16 */
	apic_write(APIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	calibrate();
	kprintf("cordon: TSC %llu kHz, APIC timer %u kHz\n", tsc_per_ms, apic_per_ms);
}

void lapic_timer_start(u32 hz)
{
	u32 count = apic_per_ms * 1000 / hz;
	apic_write(APIC_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
	apic_write(APIC_TIMER_INIT, count ? count : 1);
}

void lapic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

u64 tsc_khz(void)
{
	return tsc_per_ms;
}
