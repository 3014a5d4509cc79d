/* Access Control Module (sHype): the policy in force, the running-label set, and the hooks over them. */
#include <acm/hooks.h>
#include <acm/acm.h>

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
