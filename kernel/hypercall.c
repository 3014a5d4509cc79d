/* cordon core: hypercall dispatch (ABI in include/cordon/hypercall.h); every guest pointer is checked. */
#include "handlers.h"
#include "backend.h"
#include <cordon/hypercall.h>

typedef s64 (*hc_fn)(struct vcpu *v, u64 a1, u64 a2, u64 a3);

static s64 hc_null(struct vcpu *v, u64 a1, u64 a2, u64 a3)
{
	(void)v, (void)a1, (void)a2, (void)a3;
	return CORDON_OK;
}

static s64 hc_version(struct vcpu *v, u64 a1, u64 a2, u64 a3)
{
	(void)a1, (void)a2, (void)a3;
	v->regs.rdx = CORDON_ABI_VERSION;
	return CORDON_OK;
}

static s64 hc_console_write(struct vcpu *v, u64 gpa, u64 len, u64 a3)
{
	const char *p;
	(void)a3;
	if (len > CORDON_CONSOLE_MAX)
		return CORDON_E_INVAL;
	if (!len)
		return CORDON_OK;
	p = gpmap_access(&v->vm->map, gpa, len, GP_R);
	if (!p)
		return CORDON_E_FAULT;
	vuart_write(&v->vm->uart, p, len);
	return CORDON_OK;
}

static s64 hc_yield(struct vcpu *v, u64 a1, u64 a2, u64 a3)
{
	(void)a1, (void)a2, (void)a3;
	v->yield = true; /* the slice ends; the vCPU stays runnable */
	return CORDON_OK;
}

static s64 hc_exit(struct vcpu *v, u64 code, u64 a2, u64 a3)
{
	(void)a2, (void)a3;
	vm_end(v->vm, END_EXIT, code, 0);
	return CORDON_OK;
}

static const hc_fn calls[CORDON_HC_COUNT] = {
	[CORDON_HC_NULL] = hc_null,
	[CORDON_HC_VERSION] = hc_version,
	[CORDON_HC_CONSOLE_WRITE] = hc_console_write,
	[CORDON_HC_YIELD] = hc_yield,
	[CORDON_HC_EXIT] = hc_exit,
};

void handle_hypercall(struct vcpu *v, const struct vm_exit *e)
{
	u64 nr = v->regs.rax;
	s64 st = nr < CORDON_HC_COUNT ? calls[nr](v, v->regs.rdi, v->regs.rsi, v->regs.rdx) : CORDON_E_NOSYS;
	if (!vm_alive(v->vm))
		return;
	v->regs.rax = (u64)st;
	vcpu_skip(v, e);
}
