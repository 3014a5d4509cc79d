/* cordon core: the virtual IOAPIC: identification, redirection table, edge delivery to the one vCPU's APIC. */
#include <kernel/linux/vioapic.h>
#include <kernel/linux/vlapic.h>
#include <kernel/dev/devices.h>
#include <kernel/linux/platform.h>
#include <kernel/vm.h>
#include <lib/str.h>

/* Register indexes behind IOWIN (82093AA datasheet, 3.2). */
#define REG_ID 0x00
#define REG_VER 0x01
#define REG_ARB 0x02
#define REG_REDIR 0x10
#define REDIR_MASKED (1ULL << 16)
#define REDIR_REMOTE_IRR (1ULL << 14)
#define REDIR_LEVEL (1ULL << 15)
#define VERSION (0x11u | ((VIOAPIC_PINS - 1u) << 16)) /* version 0x11, max redirection entry */

void vioapic_reset(struct vioapic *io)
{
	c_memset(io, 0, sizeof(*io));
	io->id = VIOAPIC_ID;
	for (u32 i = 0; i < VIOAPIC_PINS; i++)
		io->redir[i] = REDIR_MASKED;
}

static u32 reg_read(const struct vioapic *io, u32 r)
{
	if (r == REG_ID || r == REG_ARB)
		return io->id << 24;
	if (r == REG_VER)
		return VERSION;
	if (r >= REG_REDIR && r < REG_REDIR + 2 * VIOAPIC_PINS) {
		u64 e = io->redir[(r - REG_REDIR) / 2];
		return (r & 1) ? (u32)(e >> 32) : (u32)e;
	}
	return 0;
}

static void reg_write(struct vioapic *io, u32 r, u32 v)
{
	u64 *e;
	if (r == REG_ID) {
		io->id = (v >> 24) & 0xf;
		return;
	}
	if (r < REG_REDIR || r >= REG_REDIR + 2 * VIOAPIC_PINS)
		return;
	e = &io->redir[(r - REG_REDIR) / 2];
	if (r & 1)
		*e = (*e & 0xffffffffULL) | (u64)v << 32;
	else /* delivery status (bit 12) and remote IRR (bit 14) are read-only */
		*e = (*e & ~0xffffafffULL) | (v & 0xffffafffu);
}

u32 vioapic_read(struct vioapic *io, u64 off)
{
	if (off == 0x00)
		return io->sel;
	return off == 0x10 ? reg_read(io, io->sel) : 0;
}

void vioapic_write(struct vioapic *io, u64 off, u32 val)
{
	if (off == 0x00)
		io->sel = val & 0xff;
	else if (off == 0x10)
		reg_write(io, io->sel, val);
	/* 0x40, the EOI register: nothing is level-triggered here, so nothing waits for it */
}

void vioapic_pulse(struct vioapic *io, u32 pin, struct vlapic *lapic)
{
	u64 e = pin < VIOAPIC_PINS ? io->redir[pin] : REDIR_MASKED;
	if (!(e & REDIR_MASKED) && ((e >> 8) & 7) == 0) /* fixed delivery to the only APIC */
		vlapic_raise(lapic, (u8)e);
}

void vioapic_level(struct vioapic *io, u32 pin, bool high, struct vlapic *lapic)
{
	u64 *e = pin < VIOAPIC_PINS ? &io->redir[pin] : NULL;
	if (!e || !high || (*e & (REDIR_MASKED | REDIR_REMOTE_IRR)) || ((*e >> 8) & 7) != 0)
		return;
	vlapic_raise(lapic, (u8)*e);
	if (*e & REDIR_LEVEL)
		*e |= REDIR_REMOTE_IRR;
}

void vioapic_eoi(struct vioapic *io, int vector)
{
	for (u32 i = 0; vector >= 0 && i < VIOAPIC_PINS; i++)
		if ((io->redir[i] & 0xff) == (u64)vector)
			io->redir[i] &= ~REDIR_REMOTE_IRR;
}

/* The IOAPIC's MMIO page, as kernel/dev/devices.c registers it. */
u32 ioapic_mmio_read(struct vm *vm, u64 off)
{
	return vioapic_read(&vm->plat->ioapic, off);
}

void ioapic_mmio_write(struct vm *vm, u64 off, u32 val)
{
	vioapic_write(&vm->plat->ioapic, off, val);
}
