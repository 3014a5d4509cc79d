/* cordon core: PCI configuration mechanism #1 (ports 0xCF8/0xCFC) of a Linux VM, over the functions in devices.c. */
#include <kernel/dev/devices.h>
#include <kernel/linux/platform.h>

/*
 * PCI Local Bus 3.0, 3.2.2.3.2: CONFIG_ADDRESS at 0xCF8 (enable bit 31, bus,
 * device, function, register), CONFIG_DATA at 0xCFC-0xCFF. Only bus 0,
 * function 0 of each slot exists; everything else reads all-ones.
 */
#define CFG_PORT 0xcf8
#define CFG_PORTS 8

bool pci_cfg_range(const struct vm *vm, u16 *lo, u16 *len)
{
	(void)vm;
	*lo = CFG_PORT;
	*len = CFG_PORTS;
	return true;
}

static const struct pci_fn *addressed(const struct vm *vm)
{
	u32 a = vm->plat->pci.addr;
	if (!(a & (1u << 31)) || (a & 0x00ff0700u)) /* disabled, bus != 0 or function != 0 */
		return NULL;
	return devices_pci(vm, (a >> 11) & 31);
}

void pci_cfg_io(struct vm *vm, u16 off, bool in, u32 size, u32 *val)
{
	const struct pci_fn *f;
	u32 shift, mask;
	if (off < 4) { /* CONFIG_ADDRESS takes only whole dwords */
		if (off == 0 && size == 4 && in)
			*val = vm->plat->pci.addr;
		else if (off == 0 && size == 4)
			vm->plat->pci.addr = *val & 0x80fffffcu;
		else if (in)
			*val = ~0u;
		return;
	}
	f = addressed(vm);
	shift = 8 * (off - 4);
	mask = (size >= 4 ? ~0u : (1u << (8 * size)) - 1) << shift;
	if (in)
		*val = ((f ? f->read(vm, vm->plat->pci.addr & 0xfc) : ~0u) & mask) >> shift;
	else if (f)
		f->write(vm, vm->plat->pci.addr & 0xfc, *val << shift, mask);
}
