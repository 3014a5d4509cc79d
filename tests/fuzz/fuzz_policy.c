/* cordon fuzz target: Access Control Module (sHype) policy_load on arbitrary bytes, then the decisions. */
/* sources: acm/policy.c lib/sha256.c lib/str.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <acm/acm.h>
#include <lib/sha256.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                 \
	do {                                                                     \
		if (!(c)) {                                                      \
			fprintf(stderr, "fuzz_policy: check failed: %s\n", #c);  \
			abort();                                                 \
		}                                                                \
	} while (0)

#define MAX_LABELS_TRIED 32 /* bounds the pairwise work per input */

static u64 store[(sizeof(struct policy_hdr) + 64 * 1024) / 8]; /* aligned copy: policy_load wants 8 */

/* What the checks below can rely on after a successful load. */
static void check_loaded(const struct policy *p, u64 len)
{
	const struct policy_hdr *h = p->hdr;
	CHECK(h->size == len && h->nste <= 64 && h->ncw <= 64 && h->nlabels <= 256 && h->nconflicts <= 64);
	CHECK(memchr(h->name, 0, sizeof(h->name)) != NULL);
	for (u32 i = 0; i < h->nlabels; i++) {
		CHECK(policy_label(p, p->labels[i].name) == (int)i); /* names unique */
		CHECK((p->labels[i].ste | p->labels[i].cw) != 0);
	}
}

/* STE is symmetric and matches the masks; CW deny names a culprit that conflicts on its own. */
static void check_decisions(const struct policy *p)
{
	u32 n = p->hdr->nlabels < MAX_LABELS_TRIED ? p->hdr->nlabels : MAX_LABELS_TRIED;
	enum acm_decision permit = (p->hdr->flags & POLICY_F_AUDIT_PERMITS) ? ACM_PERMIT_AUDIT : ACM_PERMIT;
	int all[MAX_LABELS_TRIED];
	for (u32 i = 0; i < n; i++)
		all[i] = (int)i;
	for (u32 a = 0; a < n; a++) {
		u32 culprit = n;
		enum acm_decision d = acm_start(p, (int)a, all, n, &culprit);
		CHECK(d == permit || d == ACM_DENY);
		if (d == ACM_DENY) {
			CHECK(culprit < n);
			CHECK(acm_start(p, (int)a, &all[culprit], 1, NULL) == ACM_DENY);
			CHECK(culprit == 0 || acm_start(p, (int)a, all, culprit, NULL) == permit);
		}
		for (u32 b = 0; b < n; b++) {
			d = acm_share(p, (int)a, (int)b);
			CHECK(d == acm_share(p, (int)b, (int)a));
			CHECK(d == ((p->labels[a].ste & p->labels[b].ste) ? permit : ACM_DENY));
			CHECK(acm_start(p, (int)a, all + b, 1, NULL) == acm_start(p, (int)b, all + a, 1, NULL));
		}
	}
}

static void try_load(u64 size)
{
	struct policy p;
	const char *why = policy_load(store, size, &p);
	if (why) {
		CHECK(why[0] != 0 && p.hdr == NULL);
		return;
	}
	check_loaded(&p, size);
	check_decisions(&p);
}

/*
 * Random bytes almost never carry a valid SHA-256, so each input is tried twice: as given (the
 * digest check) and with its digest field recomputed, which lets the fuzzer reach the name and
 * mask checks and the decisions behind them.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_hdr *h = (struct policy_hdr *)store;
	if (size > sizeof(store))
		return 0;
	memcpy(store, data, size);
	try_load(size);
	if (size < sizeof(*h))
		return 0;
	memset(h->digest, 0, sizeof(h->digest));
	sha256(store, size, h->digest);
	try_load(size);
	return 0;
}
