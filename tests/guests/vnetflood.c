/* cordon test guest: a hostile virtio-net driver, booted as a bzImage, that floods notifies with bad rings. */
#include <tests/guests/guest.h>

/*
 * Packaged by tests/guests/mkbzimage.sh as a minimal bzImage (cordon gives
 * virtio-net only to Linux VMs): cordon enters Linux kernels at load address
 * + 0x200, so 0x200 bytes come before crt0's _start (this object is linked
 * first), and the load address is this image's 1 MiB. There is no start-info
 * page on that path: the TSC rate comes from kvmclock.
 *
 * It idles (yields) for IDLE_MS, floods for FLOOD_MS, idles again, and
 * prints a line at each change so a test can split a bystander's progress
 * into phases. The rings are legacy split rings (virtio 1.2, 2.7 and
 * 4.1.4.8), the device is cordon's at BAR0 0xc000 (pre-assigned).
 */
__asm__(".section .text.entry, \"ax\"\n\t.fill 0x200, 1, 0xcc\n\t.previous");

#define BAR 0xc000
#define REG_PFN 0x08
#define REG_SEL 0x0e
#define REG_NOTIFY 0x10
#define REG_STATUS 0x12
#define QSIZE 256u
#define RING 0x400000ull /* PFN 0x400: descriptors, avail at +4 KiB, used at +8 KiB */
#define BUFS 0x500000ull
#define IDLE_MS 2500u
#define FLOOD_MS 3000u

struct desc {
	u64 addr;
	u32 len;
	u16 flags, next;
} __attribute__((packed));

static inline void outw(u16 port, u16 v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(u16 port, u32 v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }

static volatile struct desc *const d = (volatile struct desc *)RING;
static volatile u16 *const avail = (volatile u16 *)(RING + 4096);
static volatile u16 *const used = (volatile u16 *)(RING + 8192);
static u64 tsc_khz;

/* kvmclock (Documentation/virt/kvm/x86/msr.rst): mul * 2^shift ns per 2^32 ticks gives the TSC rate. */
static void clock_init(void)
{
	static volatile u8 pv[32] __attribute__((aligned(32)));
	u32 mul;
	s8 shift;
	wrmsr_safe(0x4b564d01, (u64)(uptr)pv | 1);
	mul = *(volatile u32 *)(pv + 24);
	shift = (s8)pv[28];
	tsc_khz = (1000000ull << 32) / mul;
	tsc_khz = shift >= 0 ? tsc_khz >> shift : tsc_khz << -shift;
}

static u64 ms_since(u64 t0)
{
	return (rdtsc() - t0) / tsc_khz;
}

static void idle(u32 ms)
{
	u64 t0 = rdtsc();
	while (ms_since(t0) < ms)
		hc_yield();
}

/* Reset, then the transmit queue at RING, driver OK (4.1.4.8 / 3.1.1). */
static void queue_setup(void)
{
	outb(BAR + REG_STATUS, 0);
	outw(BAR + REG_SEL, 1);
	outl(BAR + REG_PFN, (u32)(RING >> 12));
	outb(BAR + REG_STATUS, 7);
}

/* Every avail slot names chain 0 -> 1 -> ... -> 255 (4 bytes each); loop makes 255 link back to 0. */
static void rings(bool loop)
{
	for (u32 i = 0; i < QSIZE; i++) {
		d[i].addr = BUFS + 16 * i;
		d[i].len = 4;
		d[i].flags = i + 1 < QSIZE || loop ? 1 : 0; /* NEXT */
		d[i].next = (u16)((i + 1) % QSIZE);
		avail[2 + i] = 0;
	}
}

/* One attack: the idx `ahead` of what the device used, then notifies while it keeps taking chains. */
static u32 attack(u16 ahead, bool loop)
{
	u32 notifies = 0;
	u16 last;
	queue_setup();
	rings(loop);
	avail[1] = ahead;
	do {
		last = used[1];
		outw(BAR + REG_NOTIFY, 1);
		notifies++;
	} while (used[1] != last && used[1] != ahead);
	return notifies;
}

int main(void)
{
	u64 t0, notifies = 0, rounds = 0;
	clock_init();
	gprintf("vnetflood: idle (TSC %llu kHz)\n", tsc_khz);
	idle(IDLE_MS);
	gprintf("vnetflood: flood start\n");
	for (t0 = rdtsc(); ms_since(t0) < FLOOD_MS; rounds++) {
		notifies += attack(0xffff, false); /* the reported ring: 65535 chains of 256 descriptors */
		notifies += attack(QSIZE, false);  /* the most the rules allow: a full queue of 256-long chains */
		notifies += attack(QSIZE, true);   /* a descriptor loop */
	}
	gprintf("vnetflood: flood end: %llu rounds, %llu notifies, device status 0x%x\n", rounds, notifies,
		inb(BAR + REG_STATUS));
	idle(IDLE_MS);
	return 0;
}
