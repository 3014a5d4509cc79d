/* cordon: make prove harness: policy_load over every byte string up to the largest policy, then the decisions. */
/* sources: acm/policy.c lib/str.c */
/* reaches: policy_load check_header digest_ok check_all_names check_names check_name check_masks policy_label acm_share acm_start cw_clash permitted */
#include <acm/acm.h>
#include <tests/prove/prove.h>

/* The largest valid policy: every count at its limit. */
#define MAXLEN (sizeof(struct policy_hdr) + 2 * POLICY_MAX_TYPES * POLICY_NAME_MAX + \
		POLICY_MAX_LABELS * sizeof(struct policy_label) + POLICY_MAX_CONFLICTS * sizeof(struct policy_conflict))

static u64 bytes[MAXLEN / 8];
static char name[POLICY_NAME_MAX]; /* unknown bytes, not necessarily NUL-terminated */
static int running[8];

int main(void)
{
	struct policy p;
	u64 len = prove_u64(0, sizeof(bytes));
	prove_bytes(bytes, sizeof(bytes));
	prove_bytes(name, sizeof(name));
	if (policy_load(bytes, len, &p))
		return 0;
	policy_label(&p, name);
	policy_label(NULL, name);
	if (p.hdr->nlabels == 0)
		return 0;
	int la = prove_int(0, (int)p.hdr->nlabels - 1), lb = prove_int(0, (int)p.hdr->nlabels - 1);
	acm_share(&p, la, lb);
	acm_share(NULL, la, lb);
	u32 n = (u32)prove_u64(0, ARRAY_SIZE(running));
	for (u32 i = 0; i < n; i++)
		running[i] = prove_int(0, (int)p.hdr->nlabels - 1);
	u32 culprit;
	acm_start(&p, la, running, n, &culprit);
	acm_start(&p, lb, running, n, NULL);
	return 0;
}
