/* cordon core: the device models of a Linux VM, registered by port range, MMIO range and PCI function. */
#ifndef CORDON_KERNEL_DEVICES_H
#define CORDON_KERNEL_DEVICES_H
#include <cordon/types.h>

struct vm;

/*
 * One table per kind (kernel/dev/devices.c). Only the core's exit dispatch
 * reaches them: io.c for ports, mmio.c for MMIO faults; the backends never
 * do. A port device may move (a PCI BAR), so it answers with its own range.
 */
struct port_dev {
	const char *name;
	bool (*range)(const struct vm *vm, u16 *lo, u16 *len); /* false: not present for this VM */
	void (*io)(struct vm *vm, u16 off, bool in, u32 size, u32 *val);
};

struct mmio_dev {
	const char *name;
	u64 base, size;
	u32 (*read)(struct vm *vm, u64 off);	       /* 32-bit registers */
	void (*write)(struct vm *vm, u64 off, u32 val);
};

/* PCI functions on bus 0 (kernel/dev/pci.c decodes mechanism #1 and asks these). */
struct pci_fn {
	const char *name;
	u8 slot;
	bool (*present)(const struct vm *vm);
	u32 (*read)(const struct vm *vm, u32 reg);		   /* aligned dword of the type 0 header */
	void (*write)(struct vm *vm, u32 reg, u32 val, u32 mask); /* mask: the bytes written */
};

/* d if it covers gpa: a VM's own device outside the tables (vm->tpm, vtpm/crb.h), which every profile asks. */
static inline const struct mmio_dev *mmio_dev_at(const struct mmio_dev *d, u64 gpa)
{
	return d && gpa - d->base < d->size ? d : NULL;
}

/* Port I/O of a Linux VM: true if a device model took it. */
bool devices_port(struct vm *vm, u16 port, bool in, u32 size, u32 *val);
/* The MMIO device model covering gpa, or NULL. */
const struct mmio_dev *devices_mmio(const struct vm *vm, u64 gpa);
/* The PCI function in slot, or NULL (absent: configuration reads give all-ones). */
const struct pci_fn *devices_pci(const struct vm *vm, u32 slot);

/* The models' entry points the tables name. */
bool pci_cfg_range(const struct vm *vm, u16 *lo, u16 *len);
void pci_cfg_io(struct vm *vm, u16 off, bool in, u32 size, u32 *val);
bool vnet_bar_range(const struct vm *vm, u16 *lo, u16 *len);
void vnet_bar_io(struct vm *vm, u16 off, bool in, u32 size, u32 *val);
bool vnet_pci_present(const struct vm *vm);
u32 vnet_pci_read(const struct vm *vm, u32 reg);
void vnet_pci_write(struct vm *vm, u32 reg, u32 val, u32 mask);
bool acpi_regs_range(const struct vm *vm, u16 *lo, u16 *len);
void acpi_regs_io(struct vm *vm, u16 off, bool in, u32 size, u32 *val);
u32 ioapic_mmio_read(struct vm *vm, u64 off);
void ioapic_mmio_write(struct vm *vm, u64 off, u32 val);

#endif
