/* cordon core: the Linux guest profile: a bzImage on the PC cordon emulates (kernel/profile.h). */
#include <kernel/profile.h>
#include <kernel/guest_boot.h>
#include <kernel/linux/platform.h>
#include <kernel/sched.h>
#include <kernel/dev/devices.h>
#include <kernel/dev/vuart.h>
#include <lib/boot/bzimage.h>
#include <lib/acpi/acpi.h>

/* The 64-bit boot protocol hands over no loader timestamp (the ELF start-info's loader_tsc). */
static const char *prepare(struct vm *vm, u64 tsc_khz, u64 loader_tsc)
{
	(void)loader_tsc;
	return linux_boot_prepare(vm, tsc_khz);
}

/* COM1 interrupts reach the guest as pulses on IOAPIC pin 4, the one the ACPI tables give it. */
static void uart_irq(struct vm *vm)
{
	if (vuart_irq_edge(vm->uart))
		vioapic_pulse(&vm->plat->ioapic, VUART_GSI, &vm->plat->lapic);
}

/* virtio-net picks the frame up before the next entry (linux_irq): a halted vCPU must run for it. */
static void nic_notify(struct vm *vm)
{
	vcpu_wake(&vm->vcpu);
}

/*
 * An orderly stop is a press of the ACPI power button: an edge on the Generic Event Device's pin
 * (lib/acpi/acpi_dsdt.c), whose _EVT notifies the button device. A pin the guest has not set up yet
 * is masked and the press is lost; the stop's deadline then ends the VM.
 */
static const char *request_stop(struct vm *vm)
{
	vioapic_pulse(&vm->plat->ioapic, ACPI_POWER_BUTTON_GSI, &vm->plat->lapic);
	vcpu_wake(&vm->vcpu);
	return "ACPI power button pressed";
}

const struct guest_profile linux_guest_profile = {
	.name = "linux",
	.low_ram = e820_low_ram, /* around the 3-4 GiB hole its e820 map and ACPI tables describe */
	.prepare = prepare,
	.cpuid = linux_cpuid,
	.msr = linux_msr,
	.port = devices_port,
	.uart_irq = uart_irq,
	.mmio = devices_mmio,
	.before_entry = linux_irq,
	.wake_pending = linux_wake_pending,
	.nic_notify = nic_notify,
	.request_stop = request_stop,
};
