/* cordon core: replacing the running policy: validate, check every running VM, then commit in one step or change nothing. */
#include <kernel/policy_update.h>
#include <kernel/vm.h>
#include <kernel/console.h>
#include <kernel/trust/audit.h>
#include <kernel/trust/tpm.h>
#include <acm/acm.h>
#include <acm/hooks.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <lib/tcg/measure_ev.h>
#include <lib/sha256.h>
#include <lib/fmt.h>
#include <lib/str.h>

/*
 * Single CPU: cordon runs this between scheduler passes (from the management
 * channel's poll), when no guest runs and no hook is half-way through a
 * decision; so every decision before it saw the old policy and every one
 * after sees the new, never a mix.
 */

#define SHORT_HEX 16 /* digest prefix in audit records (a record is at most AUDIT_TEXT bytes) */

static u64 serial;    /* of the running policy; the boot policy's is 0 */
static u64 since_tsc; /* when it was loaded; 0 for the boot policy */
static u64 scratch[ACM_POLICY_MAX_SIZE / 8]; /* the request's bytes, aligned for policy_load */

/* Lowercase hex of the running policy's SHA-256 (of its bytes, as the loader measured the boot one), or "-". */
static void running_digest(char hex[65])
{
	u64 len;
	const void *b = acm_policy_bytes(&len);
	u8 d[32];
	if (!b) {
		hex[0] = '-', hex[1] = 0;
		return;
	}
	sha256(b, len, d);
	mev_hex(d, hex);
}

static const char *running_name(void)
{
	u64 len;
	const struct policy_hdr *h = acm_policy_bytes(&len);
	return h ? h->name : "-";
}

/* op=policy-load subj=operator/OLD obj=policy:NAME/NEW decision=D, digests shortened to SHORT_HEX digits. */
static void audit_change(const char *name, const char *new_hex, const char *decision)
{
	char old[65], oldp[SHORT_HEX + 1], newp[SHORT_HEX + 1], obj[48];
	running_digest(old);
	fmt_snprintf(oldp, sizeof(oldp), "%s", old);
	fmt_snprintf(newp, sizeof(newp), "%s", new_hex);
	fmt_snprintf(obj, sizeof(obj), "policy:%s", name);
	audit_log(AUDIT_POLICY_LOAD, "operator", oldp, obj, newp, decision);
}

/* A refusal: audited, printed, and the operator's line in why. */
__attribute__((format(printf, 6, 7))) static enum mgmt_status refuse(enum mgmt_status st, const char *name,
								     const char *hex, char *why, u32 why_len,
								     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	audit_change(name, hex, st == MGMT_S_REFUSED ? "refused" : "invalid");
	kprintf("cordon: policy load refused: %s\n", why);
	return st;
}

/* "'a', 'b'": the VMs named by ids. */
static const char *name_vms(char *buf, u32 cap, const u32 *ids, u32 n)
{
	u64 at = 0;
	buf[0] = 0;
	for (u32 i = 0; i < n && at < cap; i++)
		at += fmt_snprintf(buf + at, cap - at, "%s'%s'", i ? ", " : "", vm_by_id(ids[i])->cfg->name);
	return buf;
}

/* stop[] names VMs; one that is no VM is an error, not a VM that happens not to conflict. */
static const char *resolve_stop(const char *const *stop, u32 nstop, bool *may_stop)
{
	for (u32 k = 0; k < nstop; k++) {
		u32 i;
		for (i = 0; i < vm_count() && c_strcmp(vm_at(i)->cfg->name, stop[k]); i++)
			;
		if (i == vm_count())
			return stop[k];
		may_stop[i] = true;
	}
	return NULL;
}

/* The ACM's PRE over the running set: labels by name, then the Chinese Wall; a refusal names the VMs. */
static enum mgmt_status check_running(const struct policy *cand, const int *label, const bool *may_stop,
				      struct acm_policy_check *chk, const char *hex, char *why, u32 why_len)
{
	const char *name = cand->hdr->name;
	char vms[ACM_MAX_VMS * (CFG_NAME_MAX + 4)];
	if (acm_pre_policy(cand, label, may_stop, chk) != ACM_DENY)
		return MGMT_S_OK;
	if (chk->nmissing)
		return refuse(MGMT_S_REFUSED, name, hex, why, why_len, "policy '%s' lacks the label of running VM(s) %s",
			      name, name_vms(vms, sizeof(vms), chk->missing, chk->nmissing));
	return refuse(MGMT_S_REFUSED, name, hex, why, why_len,
		      "Chinese Wall conflict under policy '%s' among running VM(s) %s: name those it may stop", name,
		      name_vms(vms, sizeof(vms), chk->conflict, chk->nconflict));
}

/*
 * The commit: nothing in it can fail. The VMs the wall needs gone end first
 * (their teardown under the old policy), no blocked VM starts meanwhile; then
 * the ACM switches and relabels in one step, the kernel's labels follow, and
 * every binding the new rules deny is revoked.
 */
static u32 commit(const struct policy *cand, const int *label, const struct acm_policy_check *chk, const u8 sha[32],
		  const char *hex, u64 new_serial, u32 *revoked)
{
	vm_retry_hold(true);
	for (u32 k = 0; k < chk->nconflict; k++) {
		struct vm *vm = vm_by_id(chk->conflict[k]);
		kprintf("cordon: policy change: vm '%s' stopped: %s under policy '%s'\n", vm->cfg->name,
			label[vm->id] < 0 ? "its label does not exist" : "Chinese Wall conflict", cand->hdr->name);
		vm_end(vm, END_OPERATOR, 0, 0);
	}
	audit_change(cand->hdr->name, hex, "ok"); /* the old digest is still the running one here */
	acm_post_policy(cand, label);
	for (u32 i = 0; i < vm_count(); i++)
		vm_at(i)->label = label[i];
	serial = new_serial;
	since_tsc = rdtsc();
	*revoked = policy_revoke();
	rtlog_policy_changed(cand->hdr->name, new_serial, sha);
	vm_retry_hold(false); /* blocked VMs are retried under the new policy */
	return chk->nconflict;
}

enum mgmt_status policy_update(const u8 *bytes, u32 len, const u8 sha[32], u64 new_serial, const char *const *stop,
			       u32 nstop, char *why, u32 why_len)
{
	static struct acm_policy_check chk;
	struct policy cand;
	int label[ACM_MAX_VMS];
	bool may_stop[ACM_MAX_VMS] = { false };
	const char *bad;
	char hex[65];
	u32 stopped, revoked;
	enum mgmt_status st;
	u64 t0 = rdtsc(); /* the whole update, checks included, for make bench (docs/PERFORMANCE.md) */
	mev_hex(sha, hex);
	if (len > sizeof(scratch))
		return refuse(MGMT_S_BAD_POLICY, "?", hex, why, why_len, "invalid policy: %u bytes, more than any policy", len);
	c_memcpy(scratch, bytes, len);
	if ((bad = policy_load(scratch, len, &cand)))
		return refuse(MGMT_S_BAD_POLICY, "?", hex, why, why_len, "invalid policy: %s", bad);
	if (new_serial <= serial)
		return refuse(MGMT_S_BAD_POLICY, cand.hdr->name, hex, why, why_len,
			      "downgrade: serial %llu is not above the running policy's %llu", new_serial, serial);
	if ((bad = resolve_stop(stop, nstop, may_stop)))
		return refuse(MGMT_S_NO_SUCH_VM, cand.hdr->name, hex, why, why_len, "no VM '%.31s' to stop", bad);
	for (u32 i = 0; i < ACM_MAX_VMS; i++)
		label[i] = i < vm_count() ? policy_label(&cand, vm_at(i)->cfg->label) : -1;
	if ((st = check_running(&cand, label, may_stop, &chk, hex, why, why_len)) != MGMT_S_OK)
		return st;
	stopped = commit(&cand, label, &chk, sha, hex, new_serial, &revoked);
	fmt_snprintf(why, why_len, "policy '%s' serial %llu in force: %u VM(s) stopped, %u binding(s) revoked in %llu us",
		     cand.hdr->name, new_serial, stopped, revoked, (rdtsc() - t0) * 1000 / (tsc_khz() ? tsc_khz() : 1));
	kprintf("cordon: %s\n", why);
	return MGMT_S_OK;
}

u64 policy_serial(void)
{
	return serial;
}

u32 policy_describe(char *buf, u32 cap)
{
	u64 len, at;
	const void *b = acm_policy_bytes(&len);
	struct policy p;
	char hex[65];
	running_digest(hex);
	at = fmt_snprintf(buf, cap, "name=%s digest=%s serial=%llu since_ms=%llu labels=", running_name(), hex, serial,
			  since_tsc / (tsc_khz() ? tsc_khz() : 1));
	if (b && !policy_load(b, len, &p))
		for (u32 i = 0; i < p.hdr->nlabels && at < cap; i++)
			at += fmt_snprintf(buf + at, cap - at, "%s%s", i ? "," : "", p.labels[i].name);
	return at < cap ? (u32)at : cap ? cap - 1 : 0;
}
