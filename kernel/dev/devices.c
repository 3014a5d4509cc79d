/* cordon core: the tables of device models a Linux VM has, and their lookup from the exit dispatch. */
#include <kernel/dev/devices.h>
#include <kernel/vm.h>
#include <kernel/linux/vioapic.h>
#include <kernel/dev/virtio_net.h>

static const struct port_dev ports[] = {
	{ "pci-config", pci_cfg_range, pci_cfg_io },   /* 0xcf8-0xcff */
	{ "virtio-net BAR0", vnet_bar_range, vnet_bar_io }, /* where the guest put it */
	{ "acpi-registers", acpi_regs_range, acpi_regs_io }, /* FADT sleep control/status, reset */
};

static const struct mmio_dev mmios[] = {
	{ "ioapic", VIOAPIC_BASE, VIOAPIC_SIZE, ioapic_mmio_read, ioapic_mmio_write },
};

static bool bridge_present(const struct vm *vm)
{
	(void)vm;
	return true;
}

/* 00:00.0: a host bridge: vendor 1b36 (QEMU/Red Hat) device 0008, class 06 00 00 (PCI 3.0, 6.1). */
static u32 bridge_read(const struct vm *vm, u32 reg)
{
	(void)vm;
	return reg == 0x00 ? 0x00081b36 : reg == 0x08 ? 0x06000000 : 0;
}

static void no_write(struct vm *vm, u32 reg, u32 val, u32 mask)
{
	(void)vm, (void)reg, (void)val, (void)mask;
}

static const struct pci_fn pci_fns[] = {
	{ "host bridge", 0, bridge_present, bridge_read, no_write },
	{ "virtio-net", VNET_PCI_SLOT, vnet_pci_present, vnet_pci_read, vnet_pci_write },
};

bool devices_port(struct vm *vm, u16 port, bool in, u32 size, u32 *val)
{
	for (u32 i = 0; i < ARRAY_SIZE(ports); i++) {
		u16 lo, len;
		if (ports[i].range(vm, &lo, &len) && port >= lo && port - lo < len) {
			ports[i].io(vm, (u16)(port - lo), in, size, val);
			return true;
		}
	}
	return false;
}

const struct mmio_dev *devices_mmio(const struct vm *vm, u64 gpa)
{
	for (u32 i = 0; i < ARRAY_SIZE(mmios); i++)
		if (gpa >= mmios[i].base && gpa - mmios[i].base < mmios[i].size)
			return &mmios[i];
	return mmio_dev_at(vm->tpm, gpa);
}

const struct pci_fn *devices_pci(const struct vm *vm, u32 slot)
{
	for (u32 i = 0; i < ARRAY_SIZE(pci_fns); i++)
		if (pci_fns[i].slot == slot && pci_fns[i].present(vm))
			return &pci_fns[i];
	return NULL;
}
