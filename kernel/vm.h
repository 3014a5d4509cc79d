/* cordon core: VMs and vCPUs, their lifecycle and why they ended. */
#ifndef CORDON_KERNEL_VM_H
#define CORDON_KERNEL_VM_H
#include <cordon/bootinfo.h>
#include <kernel/exit.h>
#include <kernel/gpregs.h>
#include <kernel/mem/gpmap.h>
#include <kernel/mem/gva.h>
#include <kernel/dev/vuart.h>
#include <kernel/linux/vlapic.h>
#include <kernel/linux/kvmclock.h>
#include <kernel/linux/vioapic.h>
#include <kernel/dev/virtio_net.h>

#define MAX_VMS CFG_MAX_VMS

enum vcpu_state { VCPU_RUNNABLE, VCPU_BLOCKED, VCPU_DEAD };

struct vcpu {
	/* State VM entry does not switch (kernel/vcpu_state.c), held while another vCPU runs. */
	void *fpu;	 /* XSAVE (or FXSAVE) image of every FPU/SIMD component, PKRU included */
	u64 xcr0;	 /* the guest's XCR0 */
	u64 dr[4];	 /* DR0-DR3 */
	struct vm *vm;
	struct gpregs regs;
	u32 state;	 /* enum vcpu_state */
	void *hw;	 /* backend control block (VMCB / VMCS), virt == phys */
	bool launched;
	bool yield;	 /* ends the current slice early (yield hypercall) */
	u64 nexits;
	u64 exit_counts[EXIT__COUNT];
	struct gva_tlb fetch; /* the page its last decoded instruction came from (kernel/exit.c) */
	/* Entry state the boot protocol chose (guest_boot.c, linux_boot.c); the backend applies it. */
	u64 boot_cr3, boot_gdt;
	u16 boot_cs, boot_ds, boot_gdt_limit;
};

enum vm_state { VM_EMPTY, VM_WAITING, VM_RUNNING, VM_ENDED };

enum end_reason {
	END_NONE,
	END_EXIT,	    /* hypercall exit; detail = code */
	END_TRIPLE_FAULT,
	END_NPF,	    /* detail = gpa, detail2 = 1 write, 2 fetch */
	END_INVALID_STATE,  /* detail = vendor code */
	END_HALTED,	    /* HLT with interrupts off: it could never wake */
	END_UNEXPECTED,	    /* detail = vendor exit code */
	END_TIMEOUT,
	END_OPERATOR,
	END_UNSUPPORTED_IO, /* detail = port */
	END_CREATE_FAILED,
	END_POWER_OFF, /* a Linux VM entered S5 through the ACPI sleep control register */
	END_RESET,     /* a Linux VM wrote the ACPI reset register */
};

#define MAX_GRANTS 16
#define MAX_PORTS 32

/* A page this VM offers to one peer (kernel/share/grant.c). */
struct grant {
	bool used;
	u32 perm;      /* GP_R or GP_R | GP_W */
	u32 peer;      /* VM id allowed to map it */
	u64 gpa, hpa;  /* in the granter */
	u64 mapped_at; /* gpa in the peer, 0 while unmapped */
	u64 standin;   /* while mapped: the zeroed page the peer gets at mapped_at if this grant goes away */
};

enum port_state { PORT_FREE, PORT_UNBOUND, PORT_CONNECTED, PORT_CLOSED };

struct evport {
	u32 state; /* enum port_state */
	u32 peer, peer_port;
};

struct vnic;

struct vm {
	u32 id;
	u32 state; /* enum vm_state */
	const struct cfg_vm *cfg;
	const struct bi_module *image;
	const struct bi_module *initrd; /* Linux VMs: the initial ramdisk, NULL if none */
	struct gpmap map;
	u64 mem_hpa, mem_size;
	u64 nested_root; /* NPT/EPT root, set by the backend */
	u32 tag;	 /* ASID/VPID, set by the backend */
	struct vcpu vcpu;
	struct vuart uart;
	u64 ports_dropped;
	/* What the guest touched that cordon answered with a default (ports: all-ones/dropped; MSRs: #GP). */
	u16 default_ports[16];
	u32 default_msrs[16];
	u32 ndefault_ports, ndefault_msrs;
	struct grant grants[MAX_GRANTS];
	struct evport ports[MAX_PORTS];
	u64 pending;	  /* event bits not yet read by the guest (bit 63: NIC frame) */
	bool irq_pending; /* CORDON_EVENT_VECTOR waits for the guest to accept it */
	struct vnic *nic; /* NULL: no NIC, or its attach was refused */
	int label;    /* index in the policy, -1 with the NULL policy or an unknown label */
	bool blocked; /* start = boot but refused by the reference monitor: retried when a VM ends */
	bool measured; /* its start is in the runtime log, so its stop must be too */
	struct vlapic lapic;   /* Linux VMs: the virtual x2APIC */
	struct kvmclock clock; /* Linux VMs: the paravirtual clock */
	struct vioapic ioapic; /* Linux VMs: the IOAPIC the ACPI MADT describes */
	struct virtio_net vnet; /* Linux VMs with a NIC: the legacy virtio-net device on PCI 00:01.0 */
	u32 pci_addr;		/* CONFIG_ADDRESS latch */
	u16 pci_cmd, pci_bar0;
	u8 pci_irq_line;
	bool pci_bar_sizing;	/* BAR0 was written all-ones: reads give its size mask */
	u64 start_tsc, deadline_tsc;
	u32 end, reason_pad;
	u64 end_detail, end_detail2;
};

extern struct vm vms[MAX_VMS];
extern u32 nvms;

/* Creates VMs from the boot-info; those with start = boot become runnable. */
void vms_create_all(const struct bootinfo *bi);
int vm_start(struct vm *vm);
/* Asks the reference monitor, then starts the VM or leaves it blocked (audited). */
void vm_try_start(struct vm *vm);
/* Ends a VM: records and prints the reason, tears down and scrubs its memory. */
void vm_end(struct vm *vm, enum end_reason why, u64 detail, u64 detail2);
bool vm_alive(const struct vm *vm);
void vm_describe_end(const struct vm *vm, char *buf, u64 size);

#endif
