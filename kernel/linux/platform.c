/* cordon core: one Linux platform per VM slot, and the state it starts in. */
#include <kernel/linux/platform.h>
#include <lib/str.h>

static struct linux_platform platforms[MAX_VMS];

void linux_platform_reset(struct linux_platform *p, u64 tsc_khz)
{
	c_memset(p, 0, sizeof(*p));
	vlapic_reset(&p->lapic);
	vioapic_reset(&p->ioapic);
	p->pci.cmd = 1; /* BAR0 pre-assigned and I/O decoding on, as firmware would leave it */
	p->pci.bar0 = VNET_IO_BASE;
	p->pci.irq_line = VNET_GSI;
	kvmclock_reset(&p->clock, tsc_khz, __builtin_ia32_rdtsc());
}

struct linux_platform *linux_platform_attach(struct vm *vm, u64 tsc_khz)
{
	if (vm->id >= MAX_VMS)
		return NULL;
	vm->plat = &platforms[vm->id];
	linux_platform_reset(vm->plat, tsc_khz);
	return vm->plat;
}
