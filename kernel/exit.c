/* cordon core: dispatch of normalized VM exits through one const handler table. */
#include <kernel/handlers.h>
#include <kernel/profile.h>
#include <kernel/backend.h>
#include <kernel/console.h>
#include <kernel/mem/gva.h>
#include <lib/x86/insn.h>
#include <cordon/hypercall.h>

#define RFLAGS_TF (1ULL << 8)
#define RFLAGS_IF (1ULL << 9)
#define CR0_PG (1ULL << 31)
#define EFER_LMA (1ULL << 10)
#define VEC_UD 6
#define VEC_GP 13

/*
 * Every emulated instruction completes here. A guest that single-steps (RFLAGS.TF) gets the #DB
 * trap with DR6.BS that the CPU would raise after the instruction (SDM vol. 3, 17.3.1.4; APM vol. 2,
 * 13.1.3.5): the intercept stopped the CPU before the instruction finished, so it never does.
 */
void vcpu_advance(struct vcpu *v, u32 len)
{
	v->regs.rip += len;
	if (v->regs.rflags & RFLAGS_TF)
		hv->single_step(v);
}

void vcpu_skip(struct vcpu *v, const struct vm_exit *e)
{
	vcpu_advance(v, e->inst_len);
}

/* Opcode bytes of each exit kind that completes an instruction (SDM vol. 2 and APM vol. 3, appendix A). */
static u32 expected_opcode(enum exit_kind k, const u8 **op)
{
	static const u8 cpuid[] = { 0x0f, 0xa2 }, hlt[] = { 0xf4 }, rdmsr[] = { 0x0f, 0x32 },
			wrmsr[] = { 0x0f, 0x30 }, vmmcall[] = { 0x0f, 0x01, 0xd9 }, vmcall[] = { 0x0f, 0x01, 0xc1 },
			wbinvd[] = { 0x0f, 0x09 }, xsetbv[] = { 0x0f, 0x01, 0xd1 };
	switch (k) {
	case EXIT_CPUID: *op = cpuid; return sizeof(cpuid);
	case EXIT_HLT: *op = hlt; return sizeof(hlt);
	case EXIT_MSR_READ: *op = rdmsr; return sizeof(rdmsr);
	case EXIT_MSR_WRITE: *op = wrmsr; return sizeof(wrmsr);
	case EXIT_WBINVD: *op = wbinvd; return sizeof(wbinvd);
	case EXIT_XSETBV: *op = xsetbv; return sizeof(xsetbv);
	case EXIT_HYPERCALL:
		*op = hv->hcall_insn == CORDON_HCALL_VMCALL ? vmcall : vmmcall;
		return sizeof(vmmcall);
	/* no instruction to complete, or its length comes with the exit (IOIO's next RIP, NPF's own decode) */
	case EXIT_EXTINT: case EXIT_IO: case EXIT_NPF: case EXIT_TRIPLE_FAULT: case EXIT_INVALID_STATE:
	case EXIT_UD_INSN: case EXIT_GP_INSN: case EXIT_NESTED_MISCONFIG: case EXIT_INIT: case EXIT_PAGING_OFF:
	case EXIT_UNKNOWN:
	case EXIT__COUNT:
		return 0;
	}
	return 0;
}

/* The opcode itself at RIP: no prefix, so insn_length would give oplen in any mode (no opcode starts with a prefix byte). */
static bool bare_opcode(const u8 *at, const u8 *op, u32 oplen)
{
	for (u32 i = 0; i < oplen; i++)
		if (at[i] != op[i])
			return false;
	return true;
}

/*
 * Length of the intercepted instruction at RIP when the CPU did not give it (AMD-V without next-RIP
 * save): prefixes make it longer than its opcode. 0 when its bytes are not that instruction with
 * legal prefixes; the guest then gets #UD rather than resuming inside an instruction. RIP is taken
 * as linear (CS base 0, as in 64-bit mode, the only mode docs/GUEST.md starts a guest in). This runs
 * on every such exit, so the common case is short: the vCPU's last code page (v->fetch, revalidated
 * on every use) spares the page walk, and the bare opcode needs only a compare of its bytes.
 */
static u32 decoded_len(struct vcpu *v, const u8 *op, u32 oplen)
{
	u8 bytes[15], len;
	bool paging = hv->get_sreg(v, SREG_CR0) & CR0_PG;
	u64 cr3 = hv->get_sreg(v, SREG_CR3);
	const u8 *at = gva_fetch(&v->vm->map, &v->fetch, cr3, paging, v->regs.rip, oplen);
	u32 n = sizeof(bytes);
	const char *why;
	if (at && bare_opcode(at, op, oplen))
		return oplen;
	at = gva_fetch(&v->vm->map, &v->fetch, cr3, paging, v->regs.rip, sizeof(bytes));
	if (at) /* one page: a fixed-size copy the compiler inlines */
		__builtin_memcpy(bytes, at, sizeof(bytes));
	else
		n = gva_read(v->vm, cr3, paging, v->regs.rip, bytes, sizeof(bytes));
	why = insn_length(bytes, n, hv->get_sreg(v, SREG_EFER) & EFER_LMA, op, oplen, &len);
	if (why) {
		klog(LOG_DEBUG, "cordon: vm '%s': #UD for the instruction at rip 0x%llx: %s\n", v->vm->cfg->name,
		     v->regs.rip, why);
		return 0;
	}
	return len;
}

static void handle_extint(struct vcpu *v, const struct vm_exit *e)
{
	(void)v, (void)e; /* the host took the interrupt when it re-enabled them */
}

/* HLT with IF clear could never wake: end the VM. With IF set it waits for the next tick or an event. */
static void handle_hlt(struct vcpu *v, const struct vm_exit *e)
{
	vcpu_skip(v, e);
	if (!(v->regs.rflags & RFLAGS_IF))
		vm_end(v->vm, END_HALTED, v->regs.rip - e->inst_len, 0);
	else if (!v->vm->irq_pending && !(v->vm->profile->wake_pending && v->vm->profile->wake_pending(v)))
		v->state = VCPU_BLOCKED; /* an event already waiting is delivered at the next entry */
}

/* A VM shares the caches with every other: its WBINVD/WBNOINVD flushes nothing (no device of it does DMA). */
static void handle_wbinvd(struct vcpu *v, const struct vm_exit *e)
{
	vcpu_skip(v, e);
}

static void handle_npf(struct vcpu *v, const struct vm_exit *e)
{
	if (mmio_emulate(v, e))
		return;
	vm_end(v->vm, END_NPF, e->npf.gpa, e->npf.fetch ? 2 : e->npf.write ? 1 : 0);
}

static void handle_triple(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	vm_end(v->vm, END_TRIPLE_FAULT, 0, 0);
}

/* The CPU refused to enter: the backend's describe_exit names why from the vendor code and qualification. */
static void handle_invalid(struct vcpu *v, const struct vm_exit *e)
{
	vm_end(v->vm, END_INVALID_STATE, e->raw, e->qual);
}

/* Not the guest's doing: its nested tables are cordon's. Only this VM uses them, so only it ends. */
static void handle_misconfig(struct vcpu *v, const struct vm_exit *e)
{
	vm_end(v->vm, END_NESTED_MISCONFIG, e->npf.gpa, 0);
}

/*
 * An INIT for the physical CPU: no VM can send one (a one-vCPU VM has no other CPU to target, and a Linux
 * VM's x2APIC drops INIT IPIs), so it came from the platform. For the VM's only vCPU it is a reset, which
 * cordon does not emulate: the VM ends (as it would after a reset it asked for), whatever runs beside it
 * goes on. Resuming as after a timer tick would hide an event the machine's owner sent on purpose.
 */
static void handle_init(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	vm_end(v->vm, END_INIT, 0, 0);
}

static void handle_paging_off(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	vm_end(v->vm, END_PAGING_OFF, v->regs.rip, 0);
}

static void handle_ud(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	hv->inject_exception(v, VEC_UD, false, 0);
}

/* #GP(0) is a fault: RIP stays on the instruction, which never took effect. */
static void handle_gp(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	hv->inject_exception(v, VEC_GP, true, 0);
}

static void unexpected_exit(struct vcpu *v, const struct vm_exit *e)
{
	vm_end(v->vm, END_UNEXPECTED, e->raw, e->qual);
}

typedef void (*exit_fn)(struct vcpu *v, const struct vm_exit *e);

static const exit_fn handlers[EXIT__COUNT] = {
	[EXIT_EXTINT] = handle_extint,
	[EXIT_CPUID] = handle_cpuid,
	[EXIT_HLT] = handle_hlt,
	[EXIT_IO] = handle_io,
	[EXIT_MSR_READ] = handle_msr,
	[EXIT_MSR_WRITE] = handle_msr,
	[EXIT_HYPERCALL] = handle_hypercall,
	[EXIT_NPF] = handle_npf,
	[EXIT_TRIPLE_FAULT] = handle_triple,
	[EXIT_INVALID_STATE] = handle_invalid,
	[EXIT_UD_INSN] = handle_ud,
	[EXIT_XSETBV] = handle_xsetbv,
	[EXIT_WBINVD] = handle_wbinvd,
	[EXIT_GP_INSN] = handle_gp,
	[EXIT_NESTED_MISCONFIG] = handle_misconfig,
	[EXIT_INIT] = handle_init,
	[EXIT_PAGING_OFF] = handle_paging_off,
	[EXIT_UNKNOWN] = unexpected_exit,
};

void exit_dispatch(struct vcpu *v, const struct vm_exit *e)
{
	u32 k = e->kind < EXIT__COUNT ? e->kind : EXIT_UNKNOWN;
	struct vm_exit x = *e;
	const u8 *op;
	u32 oplen = x.inst_len ? 0 : expected_opcode((enum exit_kind)k, &op);
	v->nexits++;
	v->exit_counts[k]++;
	if (oplen && !(x.inst_len = decoded_len(v, op, oplen))) {
		hv->inject_exception(v, VEC_UD, false, 0);
		return;
	}
	handlers[k](v, &x);
}

const char *exit_kind_name(enum exit_kind k)
{
	/* designated: a kind added to the enum but not here is a NULL name, which test_kind_names catches */
	static const char *const names[EXIT__COUNT] = {
		[EXIT_EXTINT] = "extint", [EXIT_CPUID] = "cpuid", [EXIT_HLT] = "hlt", [EXIT_IO] = "io",
		[EXIT_MSR_READ] = "rdmsr", [EXIT_MSR_WRITE] = "wrmsr", [EXIT_HYPERCALL] = "hypercall",
		[EXIT_NPF] = "npf", [EXIT_TRIPLE_FAULT] = "triple-fault", [EXIT_INVALID_STATE] = "invalid-state",
		[EXIT_UD_INSN] = "ud", [EXIT_XSETBV] = "xsetbv", [EXIT_WBINVD] = "wbinvd", [EXIT_GP_INSN] = "gp",
		[EXIT_NESTED_MISCONFIG] = "nested-misconfig", [EXIT_INIT] = "init", [EXIT_PAGING_OFF] = "paging-off",
		[EXIT_UNKNOWN] = "unknown",
	};
	return k < EXIT__COUNT && names[k] ? names[k] : "?";
}
