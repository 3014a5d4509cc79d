/* cordon core: the guest profile: everything that differs between a tiny ELF guest and a Linux VM. */
#ifndef CORDON_KERNEL_PROFILE_H
#define CORDON_KERNEL_PROFILE_H
#include <cordon/types.h>
#include <lib/cfg/cfg.h>

struct vm;
struct vcpu;
struct mmio_dev;

/*
 * One const instance per guest kind, chosen once when the VM is created
 * (kernel/vm.c, from its boot.cfg entry) and never again: the core calls
 * through vm->profile instead of asking which kind a VM is, so a guest never
 * reaches another kind's device models. The first three entries every
 * profile has; the hooks after them are NULL when the kind has nothing there
 * (the caller then does what it does for every VM), which keeps the exit and
 * entry paths of an ELF guest free of indirect calls.
 */
struct guest_profile {
	const char *name;
	/* How much of mem_size the map puts below 4 GiB (the rest goes from E820_HIGH_RAM_BASE). */
	u64 (*low_ram)(u64 mem_size);
	/* Loads the image, builds the boot structures, sets the entry state: NULL or why not. */
	const char *(*prepare)(struct vm *vm, u64 tsc_khz, u64 loader_tsc);

	/* CPUID: adjusts the filtered view (after kernel/cpuid.c's). */
	void (*cpuid)(u32 leaf, u32 out[4]);
	/* RDMSR/WRMSR before the allowlist: 1 handled (*val read), -1 #GP, 0 not one of its MSRs. */
	int (*msr)(struct vcpu *v, u32 msr, bool write, u64 *val);
	/* Port I/O before the UART and the default answer: true if one of its devices took it. */
	bool (*port)(struct vm *vm, u16 port, bool in, u32 size, u32 *val);
	/* After each access to the VM's UART: routes its interrupt line. */
	void (*uart_irq)(struct vm *vm);
	/* The MMIO device covering gpa, or NULL (the fault then ends the VM). */
	const struct mmio_dev *(*mmio)(const struct vm *vm, u64 gpa);
	/* Before each entry: device work and interrupt delivery. */
	void (*before_entry)(struct vcpu *v);
	/* HLT with IF set: true if an interrupt is already due, so the vCPU must not block. */
	bool (*wake_pending)(struct vcpu *v);
	/*
	 * A frame arrived at the VM's NIC (kernel/share/vnic.c). NULL: the guest
	 * learns it from the NIC event bit (CORDON_EVENT_NIC, docs/GUEST.md), which
	 * the switch raises itself; a profile does not call into kernel/share/.
	 */
	void (*nic_notify)(struct vm *vm);
	/*
	 * An orderly stop was asked for (kernel/vm_ctl.c): tell the guest the way
	 * its kind understands; returns the words for the console line. NULL: the
	 * guest learns it from the stop event bit (CORDON_EVENT_STOP,
	 * docs/GUEST.md), which vm_ctl raises itself.
	 */
	const char *(*request_stop)(struct vm *vm);
};

/* kernel/guest_boot.c: the tiny guests of docs/GUEST.md. */
extern const struct guest_profile elf_guest_profile;
/* kernel/linux/linux_profile.c: a bzImage on the emulated PC (vlapic, IOAPIC, kvmclock, PCI, virtio-net). */
extern const struct guest_profile linux_guest_profile;

/* The profile a VM of this configuration gets at creation. */
static inline const struct guest_profile *guest_profile_for(const struct cfg_vm *cfg)
{
	return cfg->linux_boot ? &linux_guest_profile : &elf_guest_profile;
}

#endif
