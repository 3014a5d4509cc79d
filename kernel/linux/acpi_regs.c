/* cordon core: the ACPI fixed registers of a Linux VM (FADT sleep control/status, reset): they end only that VM. */
#include <kernel/dev/devices.h>
#include <kernel/handlers.h>
#include <kernel/vm.h>
#include <lib/acpi/acpi.h>

/* Ports LINUX_SLEEP_CTL..LINUX_RESET (0x600-0x604), as the FADT cordon builds names them (ACPI 6.4, 4.8.3.7). */
bool acpi_regs_range(const struct vm *vm, u16 *lo, u16 *len)
{
	(void)vm;
	*lo = LINUX_SLEEP_CTL;
	*len = LINUX_RESET - LINUX_SLEEP_CTL + 1;
	return true;
}

void acpi_regs_io(struct vm *vm, u16 off, bool in, u32 size, u32 *val)
{
	u16 port = (u16)(LINUX_SLEEP_CTL + off);
	(void)size;
	if (in) {
		*val = 0;
		return;
	}
	if (port == LINUX_SLEEP_CTL && (*val & ACPI_SLP_EN) &&
	    ((*val & ACPI_SLP_TYP_MASK) >> ACPI_SLP_TYP_SHIFT) == ACPI_SLP_TYP_S5)
		vm_end(vm, END_POWER_OFF, 0, 0);
	else if (port == LINUX_RESET && (*val & 0xff) == LINUX_RESET_VALUE)
		vm_end(vm, END_RESET, 0, 0);
}
