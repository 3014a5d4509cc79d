/* Access Control Module (sHype): the policy in force, the running-label set, and the hooks over them. */
#include <acm/hooks.h>
#include <acm/acm.h>
#include <lib/str.h>

static struct policy policy;
static const struct policy *active; /* NULL = NULL policy */
static const char *broken;	    /* set when boot.cfg names a policy cordon cannot use */

/* The running set: the label of every VM between its POST and its stop (or FAIL). */
static bool running[ACM_MAX_VMS];
static int running_label[ACM_MAX_VMS];

static void forget_running(void)
{
	for (u32 i = 0; i < ACM_MAX_VMS; i++)
		running[i] = false;
}

enum acm_state acm_init(const void *bytes, u64 len, struct acm_status *out)
{
	*out = (struct acm_status){ .state = ACM_NO_POLICY };
	active = NULL;
	broken = NULL;
	forget_running();
	if (!bytes)
		return out->state;
	if ((broken = policy_load(bytes, len, &policy))) {
		*out = (struct acm_status){ .state = ACM_POLICY_REJECTED, .reason = broken };
		return out->state;
	}
	active = &policy;
	*out = (struct acm_status){ ACM_POLICY_LOADED, NULL, policy.hdr->name, policy.hdr->nlabels, policy.hdr->nste,
				    policy.hdr->ncw, policy.hdr->nconflicts };
	return out->state;
}

int acm_label(const char *name)
{
	return active ? policy_label(active, name) : -1;
}

/* A label index the decisions may use: one of the policy's, or anything under the NULL policy. */
static bool usable(int label)
{
	return !active || (label >= 0 && (u32)label < active->hdr->nlabels);
}

/* The labels of the running VMs other than id, in id order, and their ids. */
static u32 running_labels(u32 id, int *labels, u32 *who)
{
	u32 n = 0;
	for (u32 i = 0; i < ACM_MAX_VMS; i++)
		if (i != id && running[i]) {
			labels[n] = running_label[i];
			who[n++] = i;
		}
	return n;
}

enum acm_decision acm_pre_vm_start(u32 id, int label, u32 *culprit)
{
	/* zeroed, so no slot past n is ever read unwritten, whatever acm_start reported */
	int labels[ACM_MAX_VMS] = { 0 };
	u32 who[ACM_MAX_VMS] = { 0 }, n, bad = 0;
	enum acm_decision d;
	*culprit = ACM_NO_CULPRIT;
	if (broken || !usable(label) || id >= ACM_MAX_VMS) /* an id the running set cannot hold never runs */
		return ACM_DENY;
	n = running_labels(id, labels, who);
	d = acm_start(active, label, labels, n, &bad);
	if (d == ACM_DENY)
		*culprit = who[bad];
	return d;
}

void acm_post_vm_start(u32 id, int label)
{
	if (id >= ACM_MAX_VMS)
		return; /* no such VM: the kernel's table has ACM_MAX_VMS slots */
	running[id] = true;
	running_label[id] = label;
}

void acm_fail_vm_start(u32 id)
{
	acm_vm_stop(id);
}

void acm_vm_stop(u32 id)
{
	if (id < ACM_MAX_VMS)
		running[id] = false;
}

enum acm_decision acm_pre_share(int subj_label, int obj_label)
{
	if (broken || !usable(subj_label) || !usable(obj_label))
		return ACM_DENY;
	return acm_share(active, subj_label, obj_label);
}

enum acm_decision acm_pre_attach(int vm_label, const char *segment)
{
	int seg_label = acm_label(segment);
	if (active && seg_label < 0)
		return ACM_DENY; /* a segment the policy does not label */
	return acm_pre_share(vm_label, seg_label);
}

/* ---- whole-policy change */

/* Two buffers: the candidate is copied into the one not in use, so the old policy is intact until the switch. */
static u64 store[2][ACM_POLICY_MAX_SIZE / 8];
static struct policy stored[2];
_Static_assert(ACM_POLICY_MAX_SIZE % 8 == 0, "policy buffers hold whole u64s");

/* Under the candidate, may VMs with these (valid) labels run together? */
static bool coexist(const struct policy *cand, int a, int b)
{
	return acm_start(cand, a, &b, 1, NULL) != ACM_DENY;
}

/* Does l clash with any of the ids keep[0..n) under the candidate? */
static bool clashes_with(const struct policy *cand, int l, const int *label, const u32 *keep, u32 n)
{
	for (u32 i = 0; i < n; i++)
		if (!coexist(cand, l, label[keep[i]]))
			return true;
	return false;
}

/* Every running VM the operator keeps that clashes with another kept one: the conflict to report. */
static u32 unresolved(const struct policy *cand, const int *label, const u32 *keep, u32 n, u32 *out)
{
	u32 k = 0;
	for (u32 i = 0; i < n; i++)
		for (u32 j = 0; j < n; j++)
			if (i != j && !coexist(cand, label[keep[i]], label[keep[j]])) {
				out[k++] = keep[i];
				break;
			}
	return k;
}

enum acm_decision acm_pre_policy(const struct policy *cand, const int *label, const bool *may_stop,
				 struct acm_policy_check *out)
{
	u32 keep[ACM_MAX_VMS], nkeep = 0, gone[ACM_MAX_VMS], ngone = 0;
	bool unlabelled[ACM_MAX_VMS] = { false };
	*out = (struct acm_policy_check){ 0 };
	/* A running VM the candidate has no label for must stop: allowed only if the operator named it. */
	for (u32 i = 0; i < ACM_MAX_VMS; i++) {
		if (!running[i] || (label[i] >= 0 && (u32)label[i] < cand->hdr->nlabels))
			continue;
		unlabelled[i] = true;
		if (may_stop[i])
			gone[ngone++] = i;
		else
			out->missing[out->nmissing++] = i;
	}
	if (out->nmissing)
		return ACM_DENY;
	for (u32 i = 0; i < ACM_MAX_VMS; i++)
		if (running[i] && !may_stop[i])
			keep[nkeep++] = i;
	if ((out->nconflict = unresolved(cand, label, keep, nkeep, out->conflict)))
		return ACM_DENY;
	for (u32 k = 0; k < ngone; k++)
		out->conflict[out->nconflict++] = gone[k];
	/* The other may-stop VMs, in id order: one that fits beside everything kept so far keeps running too. */
	for (u32 i = 0; i < ACM_MAX_VMS; i++) {
		if (!running[i] || !may_stop[i] || unlabelled[i])
			continue;
		if (clashes_with(cand, label[i], label, keep, nkeep))
			out->conflict[out->nconflict++] = i;
		else
			keep[nkeep++] = i;
	}
	return (cand->hdr->flags & POLICY_F_AUDIT_PERMITS) ? ACM_PERMIT_AUDIT : ACM_PERMIT;
}

/* The candidate's views, moved onto the copy: the same offsets from the header. */
static const void *rebase(const void *p, const struct policy *from, const u8 *to)
{
	return to + ((const u8 *)p - (const u8 *)from->hdr);
}

void acm_post_policy(const struct policy *cand, const int *label)
{
	u32 spare = active == &stored[0] ? 1 : 0;
	u8 *to = (u8 *)store[spare];
	struct policy *p = &stored[spare];
	c_memcpy(to, cand->hdr, cand->hdr->size); /* validated: size <= ACM_POLICY_MAX_SIZE */
	p->hdr = (const void *)to;
	p->ste = rebase(cand->ste, cand, to);
	p->cw = rebase(cand->cw, cand, to);
	p->labels = rebase(cand->labels, cand, to);
	p->conflicts = rebase(cand->conflicts, cand, to);
	active = p;
	broken = NULL;
	for (u32 i = 0; i < ACM_MAX_VMS; i++)
		if (running[i])
			running_label[i] = label[i];
}

const void *acm_policy_bytes(u64 *len)
{
	*len = active ? active->hdr->size : 0;
	return active ? (const void *)active->hdr : NULL;
}
