/* cordon core: a Linux VM's platform: its device models' state (x2APIC, IOAPIC, kvmclock, PCI, virtio-net). */
#ifndef CORDON_KERNEL_PLATFORM_H
#define CORDON_KERNEL_PLATFORM_H
#include <kernel/vm.h>
#include <kernel/linux/vlapic.h>
#include <kernel/linux/kvmclock.h>
#include <kernel/linux/vioapic.h>
#include <kernel/dev/virtio_net.h>

/*
 * PCI configuration state (PCI Local Bus 3.0, 3.2.2.3.2 and 6.1): the
 * mechanism #1 address latch (kernel/dev/pci.c) and the writable parts of
 * virtio-net's type 0 header (kernel/dev/virtio_net.c). Kept apart from
 * struct virtio_net, which a device reset clears: a reset leaves the PCI
 * configuration as it was.
 */
struct pci_latch {
	u32 addr;	 /* CONFIG_ADDRESS */
	u16 cmd, bar0;	 /* virtio-net's command register and BAR0 (I/O) */
	u8 irq_line;
	bool bar_sizing; /* BAR0 was written all-ones: reads give its size mask */
};

/*
 * Only the Linux profile gives a VM one (vm->plat, NULL for ELF guests), and
 * only the models in kernel/linux/ and kernel/dev/ look inside it.
 */
struct linux_platform {
	struct vlapic lapic;	/* the virtual x2APIC */
	struct kvmclock clock;	/* the paravirtual clock */
	struct vioapic ioapic;	/* the IOAPIC the ACPI MADT describes */
	struct virtio_net vnet; /* with a NIC: the legacy virtio-net device on PCI 00:01.0 */
	struct pci_latch pci;
};

/* Gives the VM its platform (one per VM slot) in the state firmware would leave it; NULL: bad VM id. */
struct linux_platform *linux_platform_attach(struct vm *vm, u64 tsc_khz);
/* The state of a fresh platform: what linux_platform_attach() leaves (also for unit tests' own platforms). */
void linux_platform_reset(struct linux_platform *p, u64 tsc_khz);

/* kernel/linux/linux_cpu.c: what Linux VMs see in addition (x2APIC, TSC deadline, kvmclock, SYSCALL MSRs). */
void linux_cpuid(u32 leaf, u32 out[4]);
int linux_msr(struct vcpu *v, u32 msr, bool write, u64 *val);
void linux_irq(struct vcpu *v);
bool linux_wake_pending(struct vcpu *v);

#endif
