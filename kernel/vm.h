/* cordon core: VMs and vCPUs, their lifecycle and why they ended. */
#ifndef CORDON_KERNEL_VM_H
#define CORDON_KERNEL_VM_H
#include <cordon/bootinfo.h>
#include <kernel/exit.h>
#include <kernel/gpregs.h>
#include <kernel/mem/gpmap.h>
#include <kernel/mem/gva.h>

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
	END_INVALID_STATE,  /* the CPU refused to enter; detail = vendor code, detail2 = qualification */
	END_HALTED,	    /* HLT with interrupts off: it could never wake */
	END_UNEXPECTED,	    /* detail = vendor exit code, detail2 = qualification */
	END_TIMEOUT,
	END_OPERATOR,
	END_UNSUPPORTED_IO, /* detail = port */
	END_CREATE_FAILED,
	END_POWER_OFF, /* a Linux VM entered S5 through the ACPI sleep control register */
	END_RESET,     /* a Linux VM wrote the ACPI reset register */
	END_NESTED_MISCONFIG, /* cordon's nested tables are malformed at gpa detail (a cordon bug) */
	END_INIT,      /* an INIT signal from outside the VM: a reset of its only vCPU */
	END_PAGING_OFF, /* the guest turned paging off (detail = rip), which the backend cannot run */
	END_STOP_DEADLINE, /* an orderly stop (kernel/vm_ctl.h) had not ended it after detail ms: destroyed */
	END_CLIENT_ENDED,  /* a vTPM domain whose client ended (vtpm/link.c) */
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

/* The last restarts' times, so a VM that keeps resetting itself is left ended (kernel/vm_ctl.c). */
#define VM_RESTART_MAX 3	  /* restarts allowed within VM_RESTART_WINDOW_MS */
#define VM_RESTART_WINDOW_MS 60000

/* What the lifecycle control keeps across a VM's runs (kernel/vm_ctl.c); a start does not reset it. */
struct vm_life {
	bool restart;			     /* start it again once its memory is scrubbed */
	u32 nrestarts;			     /* restarts after a reset (on_reboot) so far */
	u64 restart_tsc[VM_RESTART_MAX]; /* ring: when the last VM_RESTART_MAX resets restarted it */
};

struct vnic;
struct vuart;
struct guest_profile;
struct linux_platform;
struct mmio_dev;

struct vm {
	u32 id;
	u32 state; /* enum vm_state */
	const struct cfg_vm *cfg;
	const struct guest_profile *profile; /* its guest kind, chosen at creation (kernel/profile.h) */
	const struct bi_module *image;
	const struct bi_module *initrd; /* Linux VMs: the initial ramdisk, NULL if none */
	struct gpmap map;
	u64 mem_hpa, mem_size;
	u64 nested_root; /* NPT/EPT root, set by the backend */
	u32 tag;	 /* ASID/VPID, set by the backend */
	struct vcpu vcpu;
	struct vuart *uart; /* its COM1 (kernel/dev/vuart.h), one per VM slot from creation on */
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
	int label;    /* index in the policy, -1 with the NULL policy or an unknown label (kept across runs) */
	bool blocked; /* start = boot but refused by the reference monitor: retried when a VM ends */
	bool measured; /* its start is in the runtime log, so its stop must be too */
	struct linux_platform *plat; /* Linux VMs: their device models' state (kernel/linux/platform.h); else NULL */
	const struct mmio_dev *tpm;  /* vtpm = yes: its TPM's register page (vtpm/crb.h), set by that unit; else NULL */
	u64 start_tsc, deadline_tsc;
	u64 stop_tsc;	 /* an orderly stop was asked for: destroyed at this TSC if still running; 0: none */
	u64 stop_asked_tsc; /* when it was asked for */
	u32 stop_ms;	 /* that stop's deadline, for the end line */
	bool reset_seen; /* an END_RESET the lifecycle control has acted on (on_reboot) */
	u32 end, reason_pad;
	u64 end_detail, end_detail2;
	/*
	 * Kept across runs, like id, cfg, profile, image, initrd, uart and label
	 * above; a start zeroes every other field (vm_start in kernel/vm.c).
	 */
	struct vm_life life;
};

/*
 * kernel/vm_table.c: the VM table, private to that file. VM ids are table
 * indexes in boot.cfg order; vm_at walks every slot, vm_by_id finds any VM
 * with that id, ended ones included (teardown), or NULL.
 */
struct vm *vm_add(void); /* the next slot, zeroed, its id set; NULL when the table is full */
u32 vm_count(void);
struct vm *vm_at(u32 i); /* NULL when i >= vm_count() */
struct vm *vm_by_id(u64 id);
bool vm_alive(const struct vm *vm);
void vm_table_reset(void); /* forgets every VM: host tests and fuzz targets start each case from it */

struct vm_unit;

/* Creates every VM of the boot-info, waiting; u[0..n) are the units each start and stop walks (kernel/vm_units.h). */
void vms_create_all(const struct bootinfo *bi, const struct vm_unit *u, u32 n);
/* Tries to start the start = boot VMs (in id order); says which ones wait for the operator. */
void vms_start_boot(void);
/* Asks every unit (the reference monitor first), then starts the VM or leaves it blocked (audited). */
void vm_try_start(struct vm *vm);
/* Ends a VM: records and prints the reason, stops its units in reverse (kernel/units.c: sharing first, ACM last). */
void vm_end(struct vm *vm, enum end_reason why, u64 detail, u64 detail2);
/* Holds back (true) the retries of blocked VMs, or releases them and retries at once (kernel/policy_update.c). */
void vm_retry_hold(bool hold);
/* The VM's own unit: memory, boot state, nested paging and vCPU, then its start line; its stop scrubs the RAM. */
const char *vm_core_start(struct vm *vm);
void vm_core_stop(struct vm *vm);
#define VM_END_TEXT 160 /* room for vm_describe_end's line */
void vm_describe_end(const struct vm *vm, char *buf, u64 size);

#endif
