/* cordon core: dispatch of normalized VM exits through one const handler table. */
#include "handlers.h"
#include "backend.h"
#include "console.h"
#include "vcpu_state.h"

void vcpu_skip(struct vcpu *v, const struct vm_exit *e)
{
	v->regs.rip += e->inst_len;
}

static void handle_extint(struct vcpu *v, const struct vm_exit *e)
{
	(void)v, (void)e; /* the host took the interrupt when it re-enabled them */
}

/* HLT with IF clear could never wake: end the VM. With IF set it waits for the next tick or an event. */
static void handle_hlt(struct vcpu *v, const struct vm_exit *e)
{
	vcpu_skip(v, e);
	if (!(v->regs.rflags & (1ULL << 9)))
		vm_end(v->vm, END_HALTED, v->regs.rip - e->inst_len, 0);
	else if (!v->vm->irq_pending && !(v->vm->cfg->linux_boot && linux_wake_pending(v)))
		v->state = VCPU_BLOCKED; /* an event already waiting is delivered at the next entry */
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

static void handle_invalid(struct vcpu *v, const struct vm_exit *e)
{
	vm_end(v->vm, END_INVALID_STATE, e->raw, 0);
}

static void handle_ud(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	hv->inject_exception(v, 6 /* #UD */, false, 0);
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
	[EXIT_UNKNOWN] = unexpected_exit,
};

void exit_dispatch(struct vcpu *v, const struct vm_exit *e)
{
	u32 k = e->kind < EXIT__COUNT ? e->kind : EXIT_UNKNOWN;
	v->nexits++;
	v->exit_counts[k]++;
	handlers[k](v, e);
}

const char *exit_kind_name(enum exit_kind k)
{
	static const char *const names[EXIT__COUNT] = {
		"extint", "cpuid", "hlt", "io", "rdmsr", "wrmsr", "hypercall",
		"npf", "triple-fault", "invalid-state", "ud", "xsetbv", "unknown",
	};
	return k < EXIT__COUNT ? names[k] : "?";
}
