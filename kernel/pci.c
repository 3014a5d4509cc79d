/* cordon core: PCI configuration space (mechanism #1, ports 0xCF8/0xCFC) of a Linux VM: host bridge + virtio-net. */
#include "handlers.h"
#include "virtio_net.h"
#include "vm.h"

/*
 * PCI Local Bus 3.0, 3.2.2.3.2: CONFIG_ADDRESS at 0xCF8 (enable bit 31, bus,
 * device, function, register), CONFIG_DATA at 0xCFC-0xCFF. Bus 0 holds
 * 00:00.0, a host bridge, and 00:01.0, the virtio-net device when the
 * reference monitor let the VM's NIC attach; every other function is absent
 * (reads all-ones). Type 0 headers (6.1); only the command register, BAR0
 * and the interrupt line are writable.
 */
#define CFG_ADDR 0xcf8
#define CFG_DATA 0xcfc

static u32 bridge_dword(u32 reg)
{
	switch (reg) {
	case 0x00: return 0x00081b36; /* vendor 1b36 (QEMU/Red Hat), device 0008: host bridge */
	case 0x08: return 0x06000000; /* class 06 00 00: host bridge, revision 0 */
	default: return 0;
	}
}

static u32 vnet_dword(struct vm *vm, u32 reg)
{
	switch (reg) {
	case 0x00: return 0x10001af4;		   /* virtio (1af4), legacy network device (1000) */
	case 0x04: return vm->pci_cmd;		   /* status 0: no capabilities list */
	case 0x08: return 0x02000000;		   /* class 02 00 00: Ethernet, revision 0 */
	case 0x10: return vm->pci_bar_sizing ? ~(VNET_IO_SIZE - 1) | 1 : vm->pci_bar0 | 1u; /* BAR0: I/O */
	case 0x2c: return 0x00011af4;		   /* subsystem: virtio device ID 1 (network) */
	case 0x3c: return 0x0100u | vm->pci_irq_line; /* interrupt pin A */
	default: return 0;
	}
}

static void vnet_write(struct vm *vm, u32 reg, u32 val, u32 mask)
{
	if (reg == 0x04)
		vm->pci_cmd = (u16)((vm->pci_cmd & ~mask) | (val & mask & 0x0405)); /* I/O, bus master, INTx disable */
	else if (reg == 0x10 && mask == ~0u) { /* all-ones reads back the size mask (PCI 3.0, 6.2.5.1) */
		vm->pci_bar_sizing = val == ~0u;
		if (!vm->pci_bar_sizing)
			vm->pci_bar0 = (u16)(val & ~(VNET_IO_SIZE - 1));
	}
	else if (reg == 0x3c)
		vm->pci_irq_line = (u8)((vm->pci_irq_line & ~mask) | (val & mask));
}

static int function(const struct vm *vm)
{
	u32 a = vm->pci_addr;
	if (!(a & (1u << 31)) || (a & 0x00ff0700u)) /* disabled, bus != 0 or function != 0 */
		return -1;
	switch ((a >> 11) & 31) {
	case 0: return 0;
	case VNET_PCI_SLOT: return vm->nic ? 1 : -1;
	default: return -1;
	}
}

bool pci_port(struct vm *vm, u16 port, bool in, u32 size, u32 *val)
{
	u32 reg, shift, mask, d;
	int f;
	if (port == CFG_ADDR && size == 4) {
		if (in)
			*val = vm->pci_addr;
		else
			vm->pci_addr = *val & 0x80fffffcu;
		return true;
	}
	if (port < CFG_DATA || port > CFG_DATA + 3)
		return false;
	f = function(vm);
	reg = vm->pci_addr & 0xfc;
	shift = 8 * (port - CFG_DATA);
	mask = (size >= 4 ? ~0u : (1u << (8 * size)) - 1) << shift;
	if (in) {
		d = f < 0 ? ~0u : f == 0 ? bridge_dword(reg) : vnet_dword(vm, reg);
		*val = (d & mask) >> shift;
	} else if (f == 1) {
		vnet_write(vm, reg, *val << shift, mask);
	}
	return true;
}
