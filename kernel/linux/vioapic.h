/* cordon core: the virtual IOAPIC of a Linux VM (MMIO registers; pins raise vectors in the vlapic). */
#ifndef CORDON_KERNEL_VIOAPIC_H
#define CORDON_KERNEL_VIOAPIC_H
#include <cordon/types.h>

#define VIOAPIC_BASE 0xfec00000ULL
#define VIOAPIC_SIZE 0x1000ULL
#define VIOAPIC_PINS 24
#define VIOAPIC_ID 1

struct vlapic;

struct vioapic {
	u32 sel;
	u32 id;
	u64 redir[VIOAPIC_PINS];
};

void vioapic_reset(struct vioapic *io);
/* One 32-bit access at offset (IOREGSEL 0x00, IOWIN 0x10, EOI 0x40; Intel 82093AA datasheet, 3.0). */
u32 vioapic_read(struct vioapic *io, u64 off);
void vioapic_write(struct vioapic *io, u64 off, u32 val);
/* An edge on pin: delivers the vector its redirection entry names unless masked. */
void vioapic_pulse(struct vioapic *io, u32 pin, struct vlapic *lapic);
/*
 * A level-triggered pin's line: while high, delivers once and sets remote
 * IRR; the EOI of that vector clears it, and a line still high delivers again.
 */
void vioapic_level(struct vioapic *io, u32 pin, bool high, struct vlapic *lapic);
void vioapic_eoi(struct vioapic *io, int vector);

#endif
