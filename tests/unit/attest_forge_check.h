/* cordon unit tests: edits of a forged boot and the expected verdict: which checks fail, which are skipped. */
#ifndef CORDON_TESTS_ATTEST_FORGE_CHECK_H
#define CORDON_TESTS_ATTEST_FORGE_CHECK_H
#include <tests/unit/attest_forge.h>

/* The first event whose string starts with prefix. */
static inline struct fg_event *forge_find(struct forge *f, const char *prefix)
{
	for (u32 i = 0; i < f->nev; i++)
		if (!strncmp(f->ev[i].data, prefix, strlen(prefix)))
			return &f->ev[i];
	fail_msg("no event '%s'", prefix);
	return NULL;
}

/* An event's string replaced, with the digest that string measures to (what a different boot would log). */
static inline void forge_restring(struct fg_event *e, const char *data)
{
	snprintf(e->data, sizeof(e->data), "%s", data);
	sha256(e->data, strlen(e->data), e->digest);
}

static inline void forge_drop(struct forge *f, struct fg_event *e)
{
	u32 i = (u32)(e - f->ev);
	memmove(e, e + 1, (f->nev - i - 1) * sizeof(*e));
	f->nev--;
}

/* Every check the verifier makes, in its order (docs/ATTESTATION.md, cordon-attest). */
static const char *const fg_checks[] = { "ek-cert",   "ek-public", "ak",	    "activation", "signature",
					 "attest",    "fresh",	   "pcr-selection", "log-replay", "refvals" };

/*
 * Every check passed except those spec names ("ak=failed activation=skipped"):
 * a skipped check is one an earlier failure made impossible. The verdict is
 * trusted exactly when spec is empty.
 */
static void forge_expect(const struct report *r, const char *spec)
{
	char padded[256], key[40];
	bool bad = r->nchecks != ARRAY_SIZE(fg_checks);
	snprintf(padded, sizeof(padded), " %s ", spec);
	for (u32 i = 0; i < ARRAY_SIZE(fg_checks); i++) {
		u32 want = CHECK_OK, j = 0;
		snprintf(key, sizeof(key), " %s=failed ", fg_checks[i]);
		if (strstr(padded, key))
			want = CHECK_FAILED;
		snprintf(key, sizeof(key), " %s=skipped ", fg_checks[i]);
		if (strstr(padded, key))
			want = CHECK_SKIPPED;
		while (j < r->nchecks && strcmp(r->checks[j].name, fg_checks[i]))
			j++;
		bad |= j == r->nchecks || r->checks[j].state != want;
	}
	bad |= report_trusted(r) != !spec[0];
	if (bad) {
		report_text(stderr, r);
		for (u32 j = 0; j < r->nchecks; j++)
			fprintf(stderr, "  %s: %u %s\n", r->checks[j].name, r->checks[j].state, r->checks[j].detail);
		fail_msg("checks are not as expected: all ok but '%s'", spec);
	}
}

static const char *forge_detail(const struct report *r, const char *name)
{
	for (u32 i = 0; i < r->nchecks; i++)
		if (!strcmp(r->checks[i].name, name))
			return r->checks[i].detail;
	return "";
}

#endif
