/* cordon: make prove harness: the ACM hooks over any policy bytes and any sequence of VM ids, labels and names. */
/* sources: acm/hooks.c acm/policy.c lib/str.c */
/* eva: -eva-split-return-function policy_load:0 */
/* (that split keeps the valid policy apart from the 29 ways to reject one, whose join would forget its counts) */
/* reaches: acm_init acm_label usable running_labels acm_pre_vm_start acm_post_vm_start acm_fail_vm_start acm_vm_stop acm_pre_share acm_pre_attach acm_start acm_share policy_label */
#include <acm/hooks.h>
#include <acm/acm.h>
#include <tests/prove/prove.h>
#ifndef HOOKS_LOADED
#define HOOKS_LOADED 1
#endif

#define MAXLEN (sizeof(struct policy_hdr) + 2 * POLICY_MAX_TYPES * POLICY_NAME_MAX + \
		POLICY_MAX_LABELS * sizeof(struct policy_label) + POLICY_MAX_CONFLICTS * sizeof(struct policy_conflict))

static u64 bytes[MAXLEN / 8];
static char name[POLICY_NAME_MAX];

/* Any id (in range or not) and any label index, as the core or a bug in it could pass. */
static u32 any_id(void)
{
	return (u32)prove_u64(0, 0xffffffffu);
}

static int any_label(void)
{
	return prove_int(-0x7fffffff - 1, 0x7fffffff);
}

int main(void)
{
	struct acm_status st;
	u32 culprit;
	prove_bytes(bytes, sizeof(bytes));
	prove_bytes(name, sizeof(name));
	/* HOOKS_LOADED: a policy that validated; else none or a rejected one (h_hooks_unloaded.c) */
	if (HOOKS_LOADED) {
		if (acm_init(bytes, prove_u64(0, sizeof(bytes)), &st) != ACM_POLICY_LOADED)
			return 0;
	} else if (prove_int(0, 1)) {
		acm_init(NULL, 0, &st);
	} else if (acm_init(bytes, prove_u64(0, sizeof(bytes)), &st) == ACM_POLICY_LOADED) {
		return 0;
	}
	acm_label(name);
	/* a few rounds of every hook, in any order the core may call them */
	for (int round = 0; round < 4; round++) {
		switch (prove_int(0, 5)) {
		case 0:
			acm_pre_vm_start(any_id(), any_label(), &culprit);
			break;
		case 1:
			acm_post_vm_start(any_id(), any_label());
			break;
		case 2:
			acm_fail_vm_start(any_id());
			break;
		case 3:
			acm_vm_stop(any_id());
			break;
		case 4:
			acm_pre_share(any_label(), any_label());
			break;
		default:
			acm_pre_attach(any_label(), name);
			break;
		}
	}
	return 0;
}
