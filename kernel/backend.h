/* cordon core: the vendor-neutral virtualization backend interface (AMD-V today, VT-x next). */
#ifndef CORDON_KERNEL_BACKEND_H
#define CORDON_KERNEL_BACKEND_H
#include <cordon/types.h>
#include <kernel/exit.h>

struct vm;
struct vcpu;

/* Guest system registers the core reads or sets through the backend. */
enum sreg { SREG_CR0, SREG_CR3, SREG_CR4, SREG_EFER, SREG_PAT, SREG_FS_BASE, SREG_GS_BASE, SREG_KGS_BASE,
	    /* the SYSCALL/SYSENTER MSRs (Linux guests program them) */
	    SREG_STAR, SREG_LSTAR, SREG_CSTAR, SREG_SFMASK, SREG_SYSENTER_CS, SREG_SYSENTER_ESP, SREG_SYSENTER_EIP,
	    SREG__COUNT };

/*
 * Chosen once at boot from CPUID (kernel/backend.c). Every hook runs on the
 * boot CPU with the vCPU not running. Each applies the vCPU's boot_* entry
 * state and keeps the SYSCALL/SYSENTER sregs per vCPU. Guest general registers, RIP, RSP and
 * RFLAGS live in struct vcpu; run() loads them before entry and stores them
 * after the exit, so handlers in the core never touch hardware state.
 */
struct backend {
	const char *name;
	u32 hcall_insn; /* CORDON_HCALL_*: the hypercall instruction guests must use */
	const char *(*probe)(void);	/* NULL if usable on this CPU, else why not */
	int (*cpu_init)(void);		/* enable virtualization on this CPU */
	int (*vm_init)(struct vm *vm);	/* address-space tag and nested tables from vm->map */
	void (*vm_destroy)(struct vm *vm);
	int (*vcpu_init)(struct vcpu *v); /* control block in the 64-bit boot state of docs/GUEST.md */
	void (*vcpu_destroy)(struct vcpu *v);
	void (*run)(struct vcpu *v, struct vm_exit *exit);
	void (*inject_exception)(struct vcpu *v, u8 vector, bool has_error, u32 error);
	/* The single-step #DB (DR6.BS set) due after an instruction the core completed with RFLAGS.TF set. */
	void (*single_step)(struct vcpu *v);
	u64 (*get_sreg)(struct vcpu *v, enum sreg r);
	void (*set_sreg)(struct vcpu *v, enum sreg r, u64 value);
	/* One 4 KiB page of a VM's nested tables (grants); unmap also flushes the VM's TLB entries. */
	int (*map_page)(struct vm *vm, u64 gpa, u64 hpa, u32 perm);
	void (*unmap_page)(struct vm *vm, u64 gpa);
	/* Delivers an external interrupt at the next entry if the guest can take it now (IF=1, no shadow). */
	bool (*inject_irq)(struct vcpu *v, u8 vector);
	/* The guest's current privilege level (0-3): hypercalls and XSETBV are for its kernel only. */
	u32 (*cpl)(struct vcpu *v);
	/* Optional (NULL: nothing): clears CPUID bits of instructions this backend leaves unusable in guests. */
	void (*cpuid_adjust)(u32 leaf, u32 out[4]);
	const char *nested_name; /* "NPT" or "EPT": the nested tables in messages */
	/*
	 * The words for a vendor exit code (struct vm_exit raw and qual) a VM ended on: why the CPU refused
	 * to enter (EXIT_INVALID_STATE), or the name of an exit the core does not handle (EXIT_UNKNOWN).
	 * Writes at most size bytes, NUL-terminated; kernel/vm_describe.c frames them.
	 */
	void (*describe_exit)(u64 raw, u64 qual, char *buf, u64 size);
};

extern const struct backend svm_backend;
extern const struct backend vmx_backend;

/* Picks the first backend whose probe succeeds (printing why each other one cannot run); NULL if none. */
const struct backend *backend_select(void);
extern const struct backend *hv;

#endif
