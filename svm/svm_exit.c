/* cordon AMD-V: entering the guest and translating its exits into the core's neutral form. */
#include <svm/svm.h>
#include <arch/x86_64/cpu.h>
#include <lib/fmt.h>

/* IOIO EXITINFO1 bits, AMD APM vol. 2, 15.10.2 (figure 15-2). */
#define IO_IN (1u << 0)
#define IO_STR (1u << 2)
#define IO_REP (1u << 3)
#define IO_SZ8 (1u << 4)
#define IO_SZ16 (1u << 5)

/* NPF EXITINFO1 error-code bits, APM vol. 2, 15.25.6. */
#define NPF_P (1ULL << 0)
#define NPF_RW (1ULL << 1)
#define NPF_RSV (1ULL << 3) /* a reserved bit set in a nested entry (guest table faults are the guest's #PF) */
#define NPF_ID (1ULL << 4)

static void decode_io(u64 info1, struct vm_exit *e)
{
	e->kind = EXIT_IO;
	e->io.port = (u16)(info1 >> 16);
	e->io.size = info1 & IO_SZ8 ? 1 : info1 & IO_SZ16 ? 2 : 4;
	e->io.in = info1 & IO_IN;
	e->io.string = info1 & IO_STR;
	e->io.rep = info1 & IO_REP;
}

static enum exit_kind simple_kind(u64 code)
{
	switch (code) {
	case SVM_EXIT_INTR: case SVM_EXIT_NMI: case SVM_EXIT_SMI: case SVM_EXIT_INIT:
		return EXIT_EXTINT;
	case SVM_EXIT_CPUID: return EXIT_CPUID;
	case SVM_EXIT_HLT: return EXIT_HLT;
	case SVM_EXIT_VMMCALL: return EXIT_HYPERCALL;
	case SVM_EXIT_WBINVD: return EXIT_WBINVD;
	case SVM_EXIT_SHUTDOWN: return EXIT_TRIPLE_FAULT;
	case SVM_EXIT_XSETBV: return EXIT_XSETBV;
	case SVM_EXIT_VMRUN: case SVM_EXIT_VMLOAD: case SVM_EXIT_VMSAVE: case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI: case SVM_EXIT_SKINIT: case SVM_EXIT_INVLPGA: case SVM_EXIT_MONITOR:
	case SVM_EXIT_MWAIT: case SVM_EXIT_INVD:
		return EXIT_UD_INSN;
	default: return EXIT_UNKNOWN;
	}
}

/*
 * VMEXIT_INVALID is -1 in the 64-bit EXITCODE (APM vol. 2, 15.6 and appendix C), but QEMU's TCG
 * stores a 32-bit -1 zero-extended (0xffffffff). No other exit code has its low half all ones.
 */
static bool svm_exit_invalid(u64 code)
{
	return (u32)code == (u32)SVM_EXIT_INVALID;
}

void svm_decode_exit(u64 code, u64 info1, u64 info2, u64 rip, u64 nrip, bool has_nrip, struct vm_exit *e)
{
	*e = (struct vm_exit){ .raw = code, .qual = info1 };
	/* Without next-RIP the core decodes the length at RIP (kernel/exit.c): 0 says "not given". */
	e->inst_len = has_nrip && nrip > rip ? (u32)(nrip - rip) : 0;
	if (svm_exit_invalid(code)) {
		e->kind = EXIT_INVALID_STATE;
	} else if (code == SVM_EXIT_IOIO) {
		decode_io(info1, e);
		e->inst_len = (u32)(info2 - rip); /* EXITINFO2 is the next RIP for IOIO */
	} else if (code == SVM_EXIT_MSR) {
		e->kind = info1 & 1 ? EXIT_MSR_WRITE : EXIT_MSR_READ;
	} else if (code == SVM_EXIT_NPF) {
		e->kind = info1 & NPF_RSV ? EXIT_NESTED_MISCONFIG : EXIT_NPF; /* an NPT entry cordon wrote is malformed */
		e->npf.gpa = info2;
		e->npf.present = info1 & NPF_P;
		e->npf.write = info1 & NPF_RW;
		e->npf.fetch = info1 & NPF_ID;
	} else {
		e->kind = simple_kind(code);
	}
	if (e->kind == EXIT_UD_INSN)
		e->inst_len = 0; /* #UD is a fault: RIP stays on the instruction */
}

/* backend describe_exit: the words for an EXIT_INVALID_STATE or EXIT_UNKNOWN exit code (APM vol. 2, appendix C). */
void svm_describe_exit(u64 code, u64 info1, char *buf, u64 size)
{
	u32 n = (u32)code & 0xf;
	(void)info1;
	if (svm_exit_invalid(code))
		fmt_snprintf(buf, size, "invalid guest state (VMRUN exit code 0x%llx: VMEXIT_INVALID, the VMCB failed "
			     "its consistency checks)", code);
	else if (code < 0x40) /* 0x00-0x3f: reads and writes of CR0-15 and DR0-15 */
		fmt_snprintf(buf, size, "%s of %s%u", code & 0x10 ? "write" : "read", code & 0x20 ? "DR" : "CR", n);
	else if (code < 0x60)
		fmt_snprintf(buf, size, "exception %llu", code - SVM_EXIT_EXCP_BASE);
	else if (size)
		buf[0] = 0; /* no name: the core prints the bare code */
}

/* An event cut short by the exit (EXITINTINFO.V) is re-injected so it is not lost (APM 15.7.2). */
static void requeue_event(struct vmcb *vmcb)
{
	vmcb->ctl.eventinj = (vmcb->ctl.exitintinfo & (1ULL << 31)) ? vmcb->ctl.exitintinfo : 0;
}

void svm_run(struct vcpu *v, struct vm_exit *e)
{
	struct vmcb *vmcb = v->hw;
	svm_expire_shadow(v);
	vmcb->save.rax = v->regs.rax;
	vmcb->save.rsp = v->regs.rsp;
	vmcb->save.rip = v->regs.rip;
	vmcb->save.rflags = v->regs.rflags;
	vmcb->ctl.tlb_control = v->launched ? 0 : TLB_FLUSH_ALL;
	v->launched = true;
	clgi();
	svm_enter((u64)vmcb, &v->regs, svm_cpu.host_vmcb_pa);
	stgi(); /* a pending host interrupt (the timer) is taken here */
	v->regs.rax = vmcb->save.rax;
	v->regs.rsp = vmcb->save.rsp;
	v->regs.rip = vmcb->save.rip;
	v->regs.rflags = vmcb->save.rflags;
	requeue_event(vmcb);
	svm_decode_exit(vmcb->ctl.exitcode, vmcb->ctl.exitinfo1, vmcb->ctl.exitinfo2, vmcb->save.rip,
			vmcb->ctl.nrip, svm_cpu.nrip, e);
}
