/* cordon core: hypercall dispatch (ABI in include/cordon/hypercall.h); every guest pointer is checked. */
#include <kernel/handlers.h>
#include <kernel/backend.h>
#include <kernel/dev/vuart.h>
#include <kernel/share/share.h>
#include <kernel/trust/audit.h>
#include <kernel/trust/tpm.h>
#include <vtpm/link.h>
#include <lib/str.h>
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
	vuart_write(v->vm->uart, p, len);
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

static s64 hc_lookup(struct vcpu *v, u64 gpa, u64 len, u64 a3)
{
	(void)a3;
	return vm_lookup(v->vm, gpa, len, &v->regs.rdx);
}

static s64 hc_grant_create(struct vcpu *v, u64 a1, u64 a2, u64 a3) { return grant_create(v->vm, a1, a2, a3, &v->regs.rdx); }
static s64 hc_grant_map(struct vcpu *v, u64 a1, u64 a2, u64 a3) { return grant_map(v->vm, a1, a2, a3); }
static s64 hc_grant_unmap(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a2, (void)a3; return grant_unmap(v->vm, a1); }
static s64 hc_grant_revoke(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a2, (void)a3; return grant_revoke(v->vm, a1); }
static s64 hc_ev_alloc(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a2, (void)a3; return evtchn_alloc(v->vm, a1, &v->regs.rdx); }
static s64 hc_ev_bind(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a3; return evtchn_bind(v->vm, a1, a2, &v->regs.rdx); }
static s64 hc_ev_send(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a2, (void)a3; return evtchn_send(v->vm, a1); }
static s64 hc_nic_info(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a1, (void)a2, (void)a3; return nic_info(v->vm, &v->regs.rdx); }
static s64 hc_nic_send(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a3; return nic_send(v->vm, a1, a2); }
static s64 hc_nic_recv(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a3; return nic_recv(v->vm, a1, a2, &v->regs.rdx); }

static s64 hc_ev_pending(struct vcpu *v, u64 a1, u64 a2, u64 a3)
{
	(void)a1, (void)a2, (void)a3;
	v->regs.rdx = v->vm->pending;
	v->vm->pending = 0;
	return CORDON_OK;
}

/* Until the management channel exists, a VM marked privileged in boot.cfg may read the audit ring. */
static s64 hc_audit_read(struct vcpu *v, u64 seq, u64 gpa, u64 len)
{
	const struct audit_rec *r;
	char *dst;
	u64 n;
	if (!v->vm->cfg->privileged)
		return CORDON_E_PERM;
	v->regs.rdx = audit_count();
	r = audit_get(seq);
	if (!r)
		return CORDON_E_NOENT;
	dst = len <= CORDON_CONSOLE_MAX ? gpmap_access(&v->vm->map, gpa, len, GP_W) : NULL;
	if (!dst)
		return len > CORDON_CONSOLE_MAX ? CORDON_E_INVAL : CORDON_E_FAULT;
	n = audit_format(r, dst, len);
	return n < len ? CORDON_OK : CORDON_E_INVAL;
}

/* Only the VM boot.cfg names gets the secret, and only if the TPM released it (kernel/trust/unseal.c). */
static s64 hc_secret_read(struct vcpu *v, u64 gpa, u64 len, u64 unused)
{
	u8 *dst;
	s64 n;
	(void)unused;
	if (len > CORDON_SECRET_MAX)
		return CORDON_E_INVAL;
	/*@ split len; */ /* make prove: Eva follows each length on its own, so it proves all len bytes lie in the map */
	if (!(dst = gpmap_access(&v->vm->map, gpa, len, GP_W)))
		return CORDON_E_FAULT;
	if ((n = seal_secret_for(v->vm, dst, len)) < 0)
		return n;
	/*@ merge len; */
	v->regs.rdx = (u64)n;
	return CORDON_OK;
}

static s64 hc_vtpm_recv(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a3; return vtpm_hc_recv(v->vm, a1, a2, &v->regs.rdx); }
static s64 hc_vtpm_send(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a3; return vtpm_hc_send(v->vm, a1, a2); }
static s64 hc_entropy(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a3; return vtpm_hc_entropy(v->vm, a1, a2); }
static s64 hc_vtpm_ready(struct vcpu *v, u64 a1, u64 a2, u64 a3) { (void)a3; return vtpm_hc_ready(v->vm, a1, a2); }

static const hc_fn calls[CORDON_HC_COUNT] = {
	[CORDON_HC_NULL] = hc_null,
	[CORDON_HC_VERSION] = hc_version,
	[CORDON_HC_CONSOLE_WRITE] = hc_console_write,
	[CORDON_HC_YIELD] = hc_yield,
	[CORDON_HC_EXIT] = hc_exit,
	[CORDON_HC_VM_LOOKUP] = hc_lookup,
	[CORDON_HC_GRANT_CREATE] = hc_grant_create,
	[CORDON_HC_GRANT_MAP] = hc_grant_map,
	[CORDON_HC_GRANT_UNMAP] = hc_grant_unmap,
	[CORDON_HC_GRANT_REVOKE] = hc_grant_revoke,
	[CORDON_HC_EVTCHN_ALLOC] = hc_ev_alloc,
	[CORDON_HC_EVTCHN_BIND] = hc_ev_bind,
	[CORDON_HC_EVTCHN_SEND] = hc_ev_send,
	[CORDON_HC_EVTCHN_PENDING] = hc_ev_pending,
	[CORDON_HC_NIC_INFO] = hc_nic_info,
	[CORDON_HC_NIC_SEND] = hc_nic_send,
	[CORDON_HC_NIC_RECV] = hc_nic_recv,
	[CORDON_HC_AUDIT_READ] = hc_audit_read,
	[CORDON_HC_SECRET_READ] = hc_secret_read,
	[CORDON_HC_VTPM_RECV] = hc_vtpm_recv,
	[CORDON_HC_VTPM_SEND] = hc_vtpm_send,
	[CORDON_HC_ENTROPY] = hc_entropy,
	[CORDON_HC_VTPM_READY] = hc_vtpm_ready,
};

/*
 * Hypercalls serve the guest's kernel: from CPL > 0 (a user process) none has
 * any effect, and the caller gets CORDON_E_PERM (docs/GUEST.md), as KVM and Xen
 * answer -EPERM. Without this any process could end its VM or print its memory.
 * A vTPM domain may make only the few calls its runtime needs (vtpm/link.c).
 */
void handle_hypercall(struct vcpu *v, const struct vm_exit *e)
{
	u64 nr = v->regs.rax;
	s64 st;
	if (hv->cpl(v) || (v->vm->cfg->vtpm_domain && !vtpm_domain_may_call(nr)))
		st = CORDON_E_PERM;
	else
		st = nr < CORDON_HC_COUNT ? calls[nr](v, v->regs.rdi, v->regs.rsi, v->regs.rdx) : CORDON_E_NOSYS;
	if (!vm_alive(v->vm))
		return;
	v->regs.rax = (u64)st;
	vcpu_skip(v, e);
}
