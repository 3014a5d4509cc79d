/* cordon: Access Control Module (sHype) interface: policy loading and the STE / Chinese Wall decisions. */
#ifndef CORDON_ACM_ACM_H
#define CORDON_ACM_ACM_H
#include <cordon/policy.h>
#include <acm/decision.h>

/* A validated policy: views into the caller's bytes, which must outlive it and never change. */
struct policy {
	const struct policy_hdr *hdr;
	const char (*ste)[POLICY_NAME_MAX];
	const char (*cw)[POLICY_NAME_MAX];
	const struct policy_label *labels;
	const struct policy_conflict *conflicts;
};

/*
 * Validates every byte before use: magic, version, size == exact size for the counts, counts within
 * limits, flags and reserved fields, digest, all names NUL-terminated, zero-padded, non-empty, of
 * [a-z0-9_-] starting with a letter or digit, unique within their kind (and no type both STE and CW);
 * every mask uses only declared bits; every label has >= 1 type; every conflict set has >= 2 types.
 * bytes must be 8-byte aligned (the loader's pages are). Returns NULL and fills *p, or a static
 * reason and clears *p.
 */
const char *policy_load(const void *bytes, u64 len, struct policy *p);

/* Index of the label called name (a string, or at least POLICY_NAME_MAX readable bytes), or -1 (also
 * for a NULL policy). */
/*@ assigns \result \from p, name[0 .. POLICY_NAME_MAX - 1];
    ensures p == \null ==> \result == -1; */
int policy_label(const struct policy *p, const char *name);

/*
 * The decision functions are pure. A NULL policy permits everything, unaudited, so the cost of
 * enforcement can be measured against it. A label index outside the policy is denied (every caller
 * checks first; the check here makes that a proved property rather than an assumption, docs/PROOF.md).
 * Permitted decisions come back as ACM_PERMIT_AUDIT when the policy sets POLICY_F_AUDIT_PERMITS.
 */

/* STE: may subjects labelled la and lb share a channel, segment or grant? Only with a common STE type. */
/*@ assigns \nothing;
    ensures \result == ACM_PERMIT || \result == ACM_PERMIT_AUDIT || \result == ACM_DENY; */
enum acm_decision acm_share(const struct policy *p, int la, int lb);

/*
 * Chinese Wall: may a VM labelled l start while VMs labelled running[0..n) run? Denied when, for
 * some conflict set, l and a running VM hold types of that set and those types are not one and the
 * same type. On deny, *culprit = the lowest index into running[] of a conflicting VM (or of a label
 * outside the policy; l itself outside it: denied with *culprit untouched).
 */
/*@ requires p == \null || \valid_read(running + (0 .. n - 1));
    requires culprit == \null || \valid(culprit);
    assigns *culprit; */
enum acm_decision acm_start(const struct policy *p, int l, const int *running, u32 n, u32 *culprit);

#endif
