/* cordon VT-x: internals shared by the vmx/ files (never included by kernel/). */
#ifndef CORDON_VMX_H
#define CORDON_VMX_H
#include <kernel/backend.h>
#include <kernel/vm.h>
#include <vmx/vmcs.h>

/* Capability MSRs, SDM vol. 3, appendix A. */
#define MSR_FEATURE_CONTROL 0x3au
#define MSR_VMX_BASIC 0x480u
#define MSR_VMX_PINBASED 0x481u
#define MSR_VMX_PROCBASED 0x482u
#define MSR_VMX_EXIT 0x483u
#define MSR_VMX_ENTRY 0x484u
#define MSR_VMX_MISC 0x485u
#define MSR_VMX_CR0_FIXED0 0x486u
#define MSR_VMX_CR0_FIXED1 0x487u
#define MSR_VMX_CR4_FIXED0 0x488u
#define MSR_VMX_CR4_FIXED1 0x489u
#define MSR_VMX_PROCBASED2 0x48bu
#define MSR_VMX_EPT_VPID_CAP 0x48cu
#define MSR_VMX_TRUE_PINBASED 0x48du /* TRUE_* = base + 0xc for pin/proc/exit/entry */
#define MSR_KGS_BASE 0xc0000102u
#define FC_LOCK (1ULL << 0)
#define FC_VMXON_OUTSIDE_SMX (1ULL << 2)
#define CR4_VMXE (1ULL << 13)

/* Controls cordon asks for (SDM vol. 3, 24.6-24.8). */
#define PIN_EXTINT_EXIT (1u << 0)
#define PIN_NMI_EXIT (1u << 3)
#define PIN_PREEMPT_TIMER (1u << 6)
#define PROC_HLT_EXIT (1u << 7)
#define PROC_MWAIT_EXIT (1u << 10)
#define PROC_CR3_LOAD_EXIT (1u << 15)
#define PROC_CR3_STORE_EXIT (1u << 16)
#define PROC_CR8_LOAD_EXIT (1u << 19)
#define PROC_CR8_STORE_EXIT (1u << 20)
#define PROC_TPR_SHADOW (1u << 21)
#define PROC_IO_BITMAPS (1u << 25)
#define PROC_MSR_BITMAPS (1u << 28)
#define PROC_MONITOR_EXIT (1u << 29)
#define PROC_SECONDARY (1u << 31)
#define PROC2_EPT (1u << 1)
#define PROC2_RDTSCP (1u << 3) /* without it RDTSCP raises #UD in the guest (SDM vol. 3, 25.3) */
#define PROC2_VPID (1u << 5)
#define PROC2_WBINVD (1u << 6) /* WBINVD exiting */
#define EXIT_SAVE_DEBUG (1u << 2)
#define EXIT_HOST_64 (1u << 9)
#define EXIT_SAVE_PAT (1u << 18)
#define EXIT_LOAD_PAT (1u << 19)
#define EXIT_SAVE_EFER (1u << 20)
#define EXIT_LOAD_EFER (1u << 21)
#define ENTRY_LOAD_DEBUG (1u << 2)
#define ENTRY_GUEST_64 (1u << 9)
#define ENTRY_LOAD_PAT (1u << 14)
#define ENTRY_LOAD_EFER (1u << 15)

/* IA32_VMX_EPT_VPID_CAP bits, SDM vol. 3, A.10. */
#define EPT_CAP_WALK4 (1ULL << 6)
#define EPT_CAP_WB (1ULL << 14)
#define EPT_CAP_INVEPT_ALL (1ULL << 26)
#define EPT_CAP_INVVPID_ALL (1ULL << 42)

/* EPT entry bits (SDM vol. 3, 28.3.2): R/W/X share positions 0-2 with P/W/U of ordinary tables. */
#define EPT_R (1ULL << 0)
#define EPT_W (1ULL << 1)
#define EPT_X (1ULL << 2)
#define EPT_MT_WB (6ULL << 3)
#define EPT_LARGE (1ULL << 7) /* a 2 MiB or 1 GiB leaf */

/* The computed controls and fixed bits, filled by vmx_probe. */
struct vmx_caps {
	u32 revision;
	bool true_ctls;
	bool vpid;
	bool tpr_shadow;    /* CR8 reads and writes go to the vCPU's virtual-APIC page */
	bool preempt;	    /* VMX-preemption timer available */
	bool rdtscp;	    /* "enable RDTSCP": guests may use it (else CPUID hides it) */
	u32 preempt_shift;  /* it counts down once every 2^shift TSC ticks (IA32_VMX_MISC[4:0]) */
	u32 pin, proc, proc2, exit, entry;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

/* Per-CPU state from vmx_cpu_init. */
struct vmx_cpu {
	struct vmx_caps caps;
	u64 vmxon_pa;
	u64 io_bitmap_pa;  /* A and B: 8 KiB, all ones */
	u64 msr_bitmap_pa; /* 4 KiB, all ones */
	void *current;	   /* VMCS loaded by VMPTRLD */
	void *syscall_owner; /* the vCPU (its VMCS) whose SYSCALL MSRs the CPU holds; NULL: none */
	u32 preempt_slice;   /* one scheduler slice of TSC ticks in preemption-timer units (caps.preempt) */
};
extern struct vmx_cpu vmx_cpu;

/* The SYSCALL MSRs in struct vmx_vcpu, in the order of MSRs 0xC0000081-0xC0000084. */
enum { VMX_STAR, VMX_LSTAR, VMX_CSTAR, VMX_SFMASK, VMX_NSYSCALL };
#define MSR_STAR 0xc0000081u

/* Backend data beside each VMCS (the page after it). */
struct vmx_vcpu {
	u64 kgs_base; /* KernelGSbase is not switched by VMX: cordon swaps it */
	u64 cr2, dr6; /* nor are CR2 and DR6 (SDM vol. 3, 26.3.2 and 27.5) */
	/* Nor STAR, LSTAR, CSTAR, SFMASK (SDM vol. 3, 27.5.1). Guests write them only through MSR exits and
	 * the host never executes SYSCALL, so the CPU keeps the last loaded vCPU's values (syscall_owner). */
	u64 syscall[VMX_NSYSCALL];
};
#define VMX_VCPU_PAGES 3 /* VMCS, struct vmx_vcpu, virtual-APIC page (TPR shadow) */

static inline struct vmx_vcpu *vmx_data(struct vcpu *v)
{
	return (struct vmx_vcpu *)((u8 *)v->hw + PAGE_SIZE);
}

/* caps.c: pure computations, unit-tested. */
u32 vmx_ctl_adjust(u64 cap, u32 want, u32 *missing);
#define VMX_NCAPS 17 /* IA32_VMX_BASIC (0x480) .. IA32_VMX_TRUE_ENTRY_CTLS (0x490) */
bool vmx_cap_exists(u32 i, const u64 msr[VMX_NCAPS]);
const char *vmx_caps_compute(const u64 msr[VMX_NCAPS], struct vmx_caps *c);
u64 vmx_fixed(u64 value, u64 fixed0, u64 fixed1);
/* PE MP EM TS ET NE WP AM NW CD PG: the CR0 bits the architecture defines (SDM vol. 3, 2.5). */
#define CR0_DEFINED 0xe005003fULL
u64 vmx_cr0_owned(const struct vmx_caps *c);
#define CR0_PE (1ULL << 0)
#define CR0_PG (1ULL << 31)
#define CR4_PCIDE (1ULL << 17)
u64 vmx_eptp(u64 root);
void vmx_cpuid_view(const struct vmx_caps *c, u32 leaf, u32 out[4]);

/* vmx_entry.S: loads guest GPRs and enters; 0 after a VM exit, 1 on VMfailValid (ZF), 2 on VMfailInvalid (CF). */
int vmx_enter(struct gpregs *regs, u64 launched);
extern const char vmx_exit_point[];

/* vmx_exit.c: the decoders are pure and unit-tested. */
void vmx_decode_exit(u32 reason, u64 qual, u32 insn_len, u64 gpa, struct vm_exit *e);
enum exit_kind vmx_cr0_write_kind(u64 value, bool long64, bool pcide);
void vmx_decode_vmfail(u64 raw, struct vm_exit *e); /* raw: VMX_VMFAIL* | VMX_VMPTRLD_FAILED (vmcs.h) */
void vmx_describe_exit(u64 raw, u64 qual, char *buf, u64 size);
/* A CR-access exit qualification (SDM vol. 3, 27.2.1 table 27-3): CR number, access type, GPR (0 = RAX .. 15 = R15). */
enum { VMX_CR_MOV_TO, VMX_CR_MOV_FROM, VMX_CR_CLTS, VMX_CR_LMSW };
struct vmx_cr_access {
	u32 cr, type, gpr;
};
struct vmx_cr_access vmx_cr_access(u64 qual);
void vmx_run(struct vcpu *v, struct vm_exit *e);

/* vmcs.c */
int vmx_vcpu_init(struct vcpu *v);
void vmx_vcpu_destroy(struct vcpu *v);
void vmx_inject(struct vcpu *v, u8 vector, bool has_error, u32 error);
void vmx_single_step(struct vcpu *v);
u64 vmx_get_sreg(struct vcpu *v, enum sreg r);
void vmx_set_sreg(struct vcpu *v, enum sreg r, u64 value);
int vmx_load(struct vcpu *v);

/* ept.c: the EPT format for kernel/mem/nested.c (unit-tested through nested_build) */
struct nested_format;
extern const struct nested_format ept_format;
int vmx_vm_init(struct vm *vm);
void vmx_vm_destroy(struct vm *vm);
int vmx_map_page(struct vm *vm, u64 gpa, u64 hpa, u32 perm);
void vmx_unmap_page(struct vm *vm, u64 gpa);
bool vmx_inject_irq(struct vcpu *v, u8 vector);
u32 vmx_cpl(struct vcpu *v);
void vmx_expire_shadow(struct vcpu *v);

#endif
