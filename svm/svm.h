/* cordon AMD-V: internals shared by the svm/ files (never included by kernel/). */
#ifndef CORDON_SVM_H
#define CORDON_SVM_H
#include <kernel/backend.h>
#include <kernel/vm.h>
#include <svm/vmcb.h>

#define MSR_VM_CR 0xc0010114u
#define MSR_VM_HSAVE_PA 0xc0010117u
#define VM_CR_SVMDIS (1ULL << 4)
#define EFER_SVME (1ULL << 12)

/* Per-CPU state set up by svm_cpu_init (one CPU for now). */
struct svm_cpu {
	u64 hsave_pa;	 /* VMRUN's host save area */
	u64 host_vmcb_pa; /* VMSAVE/VMLOAD area for host FS/GS/TR/LDTR/STAR... */
	u64 iopm_pa;	 /* 12 KiB, all ones: every port intercepted */
	u64 msrpm_pa;	 /* 8 KiB, all ones: every MSR intercepted */
	u32 nasid;
	bool nrip;	 /* next-RIP saved on exit (CPUID 8000_000A EDX[3]) */
};
extern struct svm_cpu svm_cpu;

/* svm_entry.S: VMSAVE host, VMLOAD+VMRUN+VMSAVE guest, VMLOAD host; GIF must be clear. */
void svm_enter(u64 vmcb_pa, struct gpregs *regs, u64 host_pa);

/* svm_exit.c: pure translation of an exit into the neutral form (unit-tested). */
void svm_decode_exit(u64 code, u64 info1, u64 info2, u64 rip, u64 nrip, bool has_nrip, struct vm_exit *e);
void svm_describe_exit(u64 code, u64 info1, char *buf, u64 size);
void svm_run(struct vcpu *v, struct vm_exit *e);

/* vmcb.c */
int svm_vcpu_init(struct vcpu *v);
void svm_vcpu_destroy(struct vcpu *v);
void svm_inject(struct vcpu *v, u8 vector, bool has_error, u32 error);
void svm_single_step(struct vcpu *v);
u64 svm_get_sreg(struct vcpu *v, enum sreg r);
void svm_set_sreg(struct vcpu *v, enum sreg r, u64 value);

/* npt.c: the NPT format for kernel/mem/nested.c (unit-tested through nested_build) */
struct nested_format;
extern const struct nested_format npt_format;
int svm_vm_init(struct vm *vm);
void svm_vm_destroy(struct vm *vm);
int svm_map_page(struct vm *vm, u64 gpa, u64 hpa, u32 perm);
void svm_unmap_page(struct vm *vm, u64 gpa);
bool svm_inject_irq(struct vcpu *v, u8 vector);
u32 svm_cpl(struct vcpu *v);
void svm_expire_shadow(struct vcpu *v);

static inline void clgi(void) { __asm__ volatile("clgi" ::: "memory"); }
static inline void stgi(void) { __asm__ volatile("stgi" ::: "memory"); }

#endif
