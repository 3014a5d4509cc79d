/* cordon VT-x: entering the guest and translating its exits into the core's neutral form (mirror of svm/svm_exit.c). */
#include <vmx/vmx.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/dreg.h>
#include <kernel/sched.h>
#include <lib/fmt.h>

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
	case VMX_EXIT_EXCEPTION: case VMX_EXIT_EXTINT: case VMX_EXIT_PREEMPT_TIMER:
		return EXIT_EXTINT; /* the host wants the CPU: NMI, interrupt or slice over; guest exceptions do not exit */
	case VMX_EXIT_INIT: return EXIT_INIT; /* INIT always exits in VMX non-root operation (SDM vol. 3, 25.2) */
	case VMX_EXIT_SIPI: /* only in the wait-for-SIPI activity state, which cordon never sets: named, not handled */
		return EXIT_UNKNOWN;
	case VMX_EXIT_CPUID: return EXIT_CPUID;
	case VMX_EXIT_HLT: return EXIT_HLT;
	case VMX_EXIT_VMCALL: return EXIT_HYPERCALL;
	case VMX_EXIT_RDMSR: return EXIT_MSR_READ;
	case VMX_EXIT_WRMSR: return EXIT_MSR_WRITE;
	case VMX_EXIT_WBINVD: return EXIT_WBINVD;
	case VMX_EXIT_TRIPLE_FAULT: return EXIT_TRIPLE_FAULT;
	case VMX_EXIT_BAD_GUEST: case VMX_EXIT_BAD_MSR_LOAD: case VMX_EXIT_BAD_MCE: return EXIT_INVALID_STATE;
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

/* Control-register access qualification, SDM vol. 3, 27.2.1 table 27-3. */
struct vmx_cr_access vmx_cr_access(u64 qual)
{
	return (struct vmx_cr_access){ .cr = (u32)qual & 0xf, .type = (u32)(qual >> 4) & 3, .gpr = (u32)(qual >> 8) & 0xf };
}

/*
 * Which CR accesses exit: MOV to CR0 or CR4 only when the value differs from the read shadow in a masked
 * bit (SDM vol. 3, 25.1.3); CR3 none (caps.c refuses a CPU that forces CR3 exiting); CR8 only without
 * the TPR shadow (caps.c; not emulated: named by vmx_describe_exit); CLTS and LMSW never (TS is not
 * masked, and LMSW cannot clear PE). The CR0 mask owns the bits VMX fixes (vmx_cr0_owned: PE, NE, PG)
 * and their shadow holds the fixed values, so that exit is a write that would change one: #GP(0), as
 * a CPU in VMX operation raises (SDM vol. 3, 23.8). The CR4 mask owns only VMXE and the shadow has it
 * clear (vmcs.c), so that exit is the guest setting VMXE. Its CPUID has no VMX (CPUID.1:ECX[5] = 0),
 * on which CPUs raise #GP(0) for the write (SDM vol. 3, 2.5).
 */
static enum exit_kind cr_kind(u64 qual)
{
	struct vmx_cr_access c = vmx_cr_access(qual);
	bool mov_to = c.type == VMX_CR_MOV_TO;
	return mov_to && (c.cr == 0 || c.cr == 4) ? EXIT_GP_INSN : EXIT_UNKNOWN;
}

/*
 * A MOV to CR0 that exited changes a bit VMX fixes (cr_kind); the exit comes before the CPU's own
 * checks of the value (SDM vol. 3, 25.1.1), so cordon makes them. PG without PE, and clearing PG in
 * 64-bit mode or with CR4.PCIDE set, are #GP(0) on any CPU (SDM vol. 3, 2.5 and MOV-to-CR0 in vol. 2B).
 * Otherwise clearing PG or PE leaves paged protected mode, which bare metal allows (from compatibility
 * mode: Linux's real-mode restart) and a VMX guest without unrestricted guest cannot run: that ends the
 * VM by name. Any other change (NE) is #GP(0), as a CPU in VMX operation raises (SDM vol. 3, 23.8).
 * value is the source register's; long64 is CS.L with EFER.LMA (64-bit mode).
 */
enum exit_kind vmx_cr0_write_kind(u64 value, bool long64, bool pcide)
{
	if ((value & CR0_PG) && !(value & CR0_PE))
		return EXIT_GP_INSN;
	if (!(value & CR0_PG) && (long64 || pcide))
		return EXIT_GP_INSN;
	return (value & (CR0_PG | CR0_PE)) != (CR0_PG | CR0_PE) ? EXIT_PAGING_OFF : EXIT_GP_INSN;
}

/*
 * The MOV to CR0 that cr_kind made #GP: its source value and the guest's mode decide (vmx_cr0_write_kind).
 * 64-bit mode is EFER.LMA with CS.L (access-rights bit 13, SDM vol. 3, 24.4.1).
 */
static void cr0_write(struct vcpu *v, struct vm_exit *e)
{
	struct vmx_cr_access c = vmx_cr_access(e->qual);
	bool long64, pcide;
	if ((e->raw & 0xffff) != VMX_EXIT_CR_ACCESS || e->kind != EXIT_GP_INSN || c.cr != 0)
		return;
	long64 = (vmcs_read64(GUEST_EFER) & EFER_LMA) && (vmcs_read32(GUEST_CS_AR) & (1u << 13));
	pcide = vmcs_readnat(GUEST_CR4) & CR4_PCIDE;
	e->kind = vmx_cr0_write_kind(*gpregs_by_number(&v->regs, c.gpr), long64, pcide);
}

void vmx_decode_exit(u32 reason, u64 qual, u32 insn_len, u64 gpa, struct vm_exit *e)
{
	u32 basic = reason & 0xffff;
	*e = (struct vm_exit){ .raw = reason, .qual = qual, .inst_len = insn_len };
	if (reason & VMX_EXIT_ENTRY_FAILED) {
		e->kind = EXIT_INVALID_STATE; /* vmx_describe_exit names the basic reason and its qualification */
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
	} else if (basic == VMX_EXIT_EPT_VIOLATION) {
		e->kind = EXIT_NPF;
		e->npf.gpa = gpa;
		e->npf.write = qual & EPTQ_WRITE;
		e->npf.fetch = qual & EPTQ_FETCH;
		e->npf.present = qual & EPTQ_PERMS;
	} else if (basic == VMX_EXIT_EPT_MISCONFIG) {
		/* An entry cordon wrote has a bad combination of bits (SDM vol. 3, 28.2.3.1); no guest access causes it. */
		e->kind = EXIT_NESTED_MISCONFIG;
		e->npf.gpa = gpa;
	} else if (basic == VMX_EXIT_CR_ACCESS) {
		e->kind = cr_kind(qual);
	} else {
		e->kind = simple_kind(basic);
	}
	if (e->kind == EXIT_UD_INSN || e->kind == EXIT_GP_INSN || e->kind == EXIT_EXTINT || e->kind == EXIT_INIT ||
	    e->kind == EXIT_NESTED_MISCONFIG)
		e->inst_len = 0; /* faults leave RIP on the instruction; the others complete none */
}

/* VMLAUNCH/VMRESUME did not enter, or the VMCS could not be loaded: raw is one of the VMX_VMFAIL* forms. */
void vmx_decode_vmfail(u64 raw, struct vm_exit *e)
{
	*e = (struct vm_exit){ .kind = EXIT_INVALID_STATE, .raw = raw };
}

/* VM-instruction error numbers, SDM vol. 3, 30.4; VMLAUNCH and VMRESUME report 4-8, 16-18, 25 and 26. */
static const char *const insn_errors[] = {
	[1] = "VMCALL executed in VMX root operation",
	[2] = "VMCLEAR with invalid physical address",
	[3] = "VMCLEAR with VMXON pointer",
	[4] = "VMLAUNCH with non-clear VMCS",
	[5] = "VMRESUME with non-launched VMCS",
	[6] = "VMRESUME after VMXOFF",
	[7] = "VM entry with invalid control field(s)",
	[8] = "VM entry with invalid host-state field(s)",
	[9] = "VMPTRLD with invalid physical address",
	[10] = "VMPTRLD with VMXON pointer",
	[11] = "VMPTRLD with incorrect VMCS revision identifier",
	[12] = "VMREAD/VMWRITE from/to unsupported VMCS component",
	[13] = "VMWRITE to read-only VMCS component",
	[15] = "VMXON executed in VMX root operation",
	[16] = "VM entry with invalid executive-VMCS pointer",
	[17] = "VM entry with non-launched executive VMCS",
	[18] = "VM entry with executive-VMCS pointer not VMXON pointer",
	[19] = "VMCALL with non-clear VMCS",
	[20] = "VMCALL with invalid VM-exit control fields",
	[22] = "VMCALL with incorrect MSEG revision identifier",
	[23] = "VMXOFF under dual-monitor treatment of SMIs and SMM",
	[24] = "VMCALL with invalid SMM-monitor features",
	[25] = "VM entry with invalid VM-execution control fields in executive VMCS",
	[26] = "VM entry with events blocked by MOV SS",
	[28] = "invalid operand to INVEPT/INVVPID",
};

static const char *insn_error(u64 n)
{
	return n < sizeof(insn_errors) / sizeof(insn_errors[0]) && insn_errors[n] ? insn_errors[n] : "no such error number";
}

/* The basic reason and exit qualification of a failed VM entry, SDM vol. 3, 26.7. */
static void entry_failure(u32 basic, u64 qual, char *buf, u64 size)
{
	const char *q = qual == 0 ? "no further detail" : qual == 2 ? "PDPTE loading" : qual == 3 ? "NMI injection" :
			qual == 4 ? "invalid VMCS link pointer" : "reserved value";
	if (basic == VMX_EXIT_BAD_GUEST)
		fmt_snprintf(buf, size, "VM entry failed: invalid guest state (qualification %llu: %s)", qual, q);
	else if (basic == VMX_EXIT_BAD_MSR_LOAD) /* the 1-based index of the entry in the VM-entry MSR-load area */
		fmt_snprintf(buf, size, "VM entry failed: MSR loading (qualification %llu: entry %llu of the MSR-load area)",
			     qual, qual);
	else if (basic == VMX_EXIT_BAD_MCE)
		fmt_snprintf(buf, size, "VM entry failed: machine-check event (qualification %llu)", qual);
	else
		fmt_snprintf(buf, size, "VM entry failed: basic exit reason %u (qualification %llu)", basic, qual);
}

static const char *const gpr_names[16] = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
					   "r8",  "r9",	 "r10", "r11", "r12", "r13", "r14", "r15" };

/* Names a CR-access exit cordon does not handle (cr_kind). */
static void cr_words(u64 qual, char *buf, u64 size)
{
	struct vmx_cr_access c = vmx_cr_access(qual);
	if (c.type == VMX_CR_MOV_TO)
		fmt_snprintf(buf, size, "CR access: MOV to CR%u from %s", c.cr, gpr_names[c.gpr]);
	else if (c.type == VMX_CR_MOV_FROM)
		fmt_snprintf(buf, size, "CR access: MOV from CR%u to %s", c.cr, gpr_names[c.gpr]);
	else
		fmt_snprintf(buf, size, "CR access: %s", c.type == VMX_CR_CLTS ? "CLTS" : "LMSW");
}

/* backend describe_exit: the words for an EXIT_INVALID_STATE or EXIT_UNKNOWN this backend decoded. */
void vmx_describe_exit(u64 raw, u64 qual, char *buf, u64 size)
{
	u32 basic = (u32)raw & 0xffff;
	const char *insn = raw & VMX_VMFAIL_RESUME ? "VMRESUME" : "VMLAUNCH";
	if (raw & VMX_VMPTRLD_FAILED)
		fmt_snprintf(buf, size, "VMPTRLD of its VMCS failed (nothing was entered)");
	else if (raw & VMX_VMFAIL_INVALID)
		fmt_snprintf(buf, size, "%s failed: VMfailInvalid (no current VMCS)", insn);
	else if (raw & VMX_VMFAIL)
		fmt_snprintf(buf, size, "%s failed: VM-instruction error %llu (%s)", insn, raw & 0xffffffffu,
			     insn_error(raw & 0xffffffffu));
	else if ((raw & VMX_EXIT_ENTRY_FAILED) || basic == VMX_EXIT_BAD_GUEST || basic == VMX_EXIT_BAD_MSR_LOAD ||
		 basic == VMX_EXIT_BAD_MCE)
		entry_failure(basic, qual, buf, size);
	else if (basic == VMX_EXIT_CR_ACCESS)
		cr_words(qual, buf, size);
	else if (basic == VMX_EXIT_SIPI)
		fmt_snprintf(buf, size, "start-up IPI (vector 0x%llx), but no vCPU is ever put in wait-for-SIPI",
			     qual & 0xff);
	else
		fmt_snprintf(buf, size, "basic exit reason %u", basic);
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
		vmx_decode_vmfail(VMX_VMPTRLD_FAILED, e);
		return;
	}
	vmx_expire_shadow(v);
	vmcs_writenat(GUEST_RSP, v->regs.rsp);
	vmcs_writenat(GUEST_RIP, v->regs.rip);
	vmcs_writenat(GUEST_RFLAGS, v->regs.rflags);
	if (vmx_cpu.caps.preempt)
		vmcs_write32(PREEMPT_TIMER_VALUE, vmx_cpu.preempt_slice);
	wrmsr(MSR_KGS_BASE, d->kgs_base);
	load_syscall_msrs(v);
	cli(); /* like CLGI: a host interrupt now forces an exit and is taken after sti */
	write_cr2(d->cr2); /* the host takes no page faults, so its own CR2 is never needed */
	write_dr6(d->dr6);
	failed = vmx_enter(&v->regs, v->launched);
	d->cr2 = read_cr2();
	d->dr6 = read_dr6();
	d->kgs_base = rdmsr(MSR_KGS_BASE); /* SWAPGS in the guest changes it */
	if (failed) { /* VMfailValid has an error number in the current VMCS; VMfailInvalid has none */
		u64 how = (v->launched ? VMX_VMFAIL_RESUME : 0) |
			  (failed == 2 ? VMX_VMFAIL_INVALID : VMX_VMFAIL | vmcs_read32(VM_INSN_ERROR));
		sti();
		vmx_decode_vmfail(how, e);
		return;
	}
	v->launched = true;
	vmx_decode_exit(vmcs_read32(EXIT_REASON), vmcs_readnat(EXIT_QUALIFICATION), vmcs_read32(EXIT_INSN_LEN),
			vmcs_read64(GUEST_PHYS_ADDR), e);
	vmcs_write32(ENTRY_INTR_INFO, 0);
	requeue_event();
	sync_in(v);
	cr0_write(v, e);
	sti();
}
