/* cordon VT-x: entering the guest and translating its exits into the core's neutral form (mirror of svm/svm_exit.c). */
#include <vmx/vmx.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/dreg.h>
#include <kernel/sched.h>

/* I/O exit qualification, SDM vol. 3, 27.2.1 table 27-5. */
#define IOQ_SIZE(q) ((u8)(((q) & 7) + 1))
#define IOQ_IN (1ULL << 3)
#define IOQ_STRING (1ULL << 4)
#define IOQ_REP (1ULL << 5)

/* EPT-violation qualification, SDM vol. 3, table 27-7. */
#define EPTQ_WRITE (1ULL << 1)
#define EPTQ_FETCH (1ULL << 2)
#define EPTQ_PERMS (7ULL << 3) /* the entry allowed R, W or X: a translation existed */

static enum exit_kind simple_kind(u32 reason)
{
	switch (reason) {
	case VMX_EXIT_EXCEPTION: case VMX_EXIT_EXTINT: case VMX_EXIT_INIT: case VMX_EXIT_SIPI:
	case VMX_EXIT_PREEMPT_TIMER:
		return EXIT_EXTINT; /* the host wants the CPU: NMI, interrupt or slice over; guest exceptions do not exit */
	case VMX_EXIT_CPUID: return EXIT_CPUID;
	case VMX_EXIT_HLT: return EXIT_HLT;
	case VMX_EXIT_VMCALL: return EXIT_HYPERCALL;
	case VMX_EXIT_RDMSR: return EXIT_MSR_READ;
	case VMX_EXIT_WRMSR: return EXIT_MSR_WRITE;
	case VMX_EXIT_WBINVD: return EXIT_WBINVD;
	case VMX_EXIT_TRIPLE_FAULT: return EXIT_TRIPLE_FAULT;
	case VMX_EXIT_BAD_GUEST: case VMX_EXIT_BAD_MSR_LOAD: return EXIT_INVALID_STATE;
	case VMX_EXIT_INVD: case VMX_EXIT_MWAIT: case VMX_EXIT_MONITOR: case VMX_EXIT_INVEPT:
	case VMX_EXIT_INVVPID:
		return EXIT_UD_INSN;
	case VMX_EXIT_XSETBV: return EXIT_XSETBV;
	default:
		if (reason >= VMX_EXIT_VMCLEAR && reason <= VMX_EXIT_VMXON)
			return EXIT_UD_INSN; /* VMX instructions */
		return EXIT_UNKNOWN;
	}
}

void vmx_decode_exit(u32 reason, u64 qual, u32 insn_len, u64 gpa, struct vm_exit *e)
{
	u32 basic = reason & 0xffff;
	*e = (struct vm_exit){ .raw = reason, .qual = qual, .inst_len = insn_len };
	if (reason & VMX_EXIT_ENTRY_FAILED) {
		e->kind = EXIT_INVALID_STATE;
		e->inst_len = 0;
		return;
	}
	if (basic == VMX_EXIT_IO) {
		e->kind = EXIT_IO;
		e->io.port = (u16)(qual >> 16);
		e->io.size = IOQ_SIZE(qual);
		e->io.in = qual & IOQ_IN;
		e->io.string = qual & IOQ_STRING;
		e->io.rep = qual & IOQ_REP;
	} else if (basic == VMX_EXIT_EPT_VIOLATION || basic == VMX_EXIT_EPT_MISCONFIG) {
		e->kind = EXIT_NPF;
		e->npf.gpa = gpa;
		e->npf.write = qual & EPTQ_WRITE;
		e->npf.fetch = qual & EPTQ_FETCH;
		e->npf.present = basic == VMX_EXIT_EPT_MISCONFIG || (qual & EPTQ_PERMS);
	} else {
		e->kind = simple_kind(basic);
	}
	if (e->kind == EXIT_UD_INSN || e->kind == EXIT_EXTINT)
		e->inst_len = 0;
}

/* An event cut short by the exit (IDT-vectoring info valid) is delivered again (SDM vol. 3, 27.2.4). */
static void requeue_event(void)
{
	u32 info = vmcs_read32(IDT_VECTORING_INFO);
	if (!(info & (1u << 31)))
		return;
	vmcs_write32(ENTRY_INTR_INFO, info & ~(1u << 12));
	vmcs_write32(ENTRY_EXC_ERROR, vmcs_read32(IDT_VECTORING_ERROR));
	vmcs_write32(ENTRY_INSN_LEN, vmcs_read32(EXIT_INSN_LEN));
}

static void sync_in(struct vcpu *v)
{
	v->regs.rsp = vmcs_readnat(GUEST_RSP);
	v->regs.rip = vmcs_readnat(GUEST_RIP);
	v->regs.rflags = vmcs_readnat(GUEST_RFLAGS);
}

/*
 * A guest's SYSCALL jumps through the CPU's LSTAR: it must be this vCPU's own,
 * never the previous VM's (every vCPU starts with zeros, so a tiny guest that
 * sets EFER.SCE faults instead of entering another VM's kernel entry point).
 */
static void load_syscall_msrs(struct vcpu *v)
{
	if (vmx_cpu.syscall_owner == v->hw)
		return;
	for (u32 i = 0; i < VMX_NSYSCALL; i++)
		wrmsr(MSR_STAR + i, vmx_data(v)->syscall[i]);
	vmx_cpu.syscall_owner = v->hw;
}

void vmx_run(struct vcpu *v, struct vm_exit *e)
{
	struct vmx_vcpu *d = vmx_data(v);
	int failed;
	if (vmx_load(v) < 0) {
		vmx_decode_exit(VMX_EXIT_ENTRY_FAILED, 0, 0, 0, e);
		return;
	}
	vmx_expire_shadow(v);
	vmcs_writenat(GUEST_RSP, v->regs.rsp);
	vmcs_writenat(GUEST_RIP, v->regs.rip);
	vmcs_writenat(GUEST_RFLAGS, v->regs.rflags);
	if (vmx_cpu.caps.preempt) /* one scheduler slice of TSC ticks, in timer units */
		vmcs_write32(PREEMPT_TIMER_VALUE, tsc_khz() * 1000 / SCHED_HZ >> vmx_cpu.caps.preempt_shift);
	wrmsr(MSR_KGS_BASE, d->kgs_base);
	load_syscall_msrs(v);
	cli(); /* like CLGI: a host interrupt now forces an exit and is taken after sti */
	write_cr2(d->cr2); /* the host takes no page faults, so its own CR2 is never needed */
	write_dr6(d->dr6);
	failed = vmx_enter(&v->regs, v->launched);
	d->cr2 = read_cr2();
	d->dr6 = read_dr6();
	d->kgs_base = rdmsr(MSR_KGS_BASE); /* SWAPGS in the guest changes it */
	if (failed) {
		u32 err = vmcs_read32(VM_INSN_ERROR);
		sti();
		vmx_decode_exit(VMX_EXIT_ENTRY_FAILED, 0, 0, 0, e);
		e->raw = VMX_VMFAIL | err; /* bit 32 marks a VM-instruction error number */
		return;
	}
	v->launched = true;
	vmx_decode_exit(vmcs_read32(EXIT_REASON), vmcs_readnat(EXIT_QUALIFICATION), vmcs_read32(EXIT_INSN_LEN),
			vmcs_read64(GUEST_PHYS_ADDR), e);
	vmcs_write32(ENTRY_INTR_INFO, 0);
	requeue_event();
	sync_in(v);
	sti();
}
