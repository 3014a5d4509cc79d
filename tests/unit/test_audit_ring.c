/* cordon unit tests: the audit ring (kernel/trust/audit.c): repeats are counted, not allowed to push records out. */
/* sources: kernel/trust/audit.c kernel/trust/audit_chain.c lib/sha256.c lib/fmt.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/sha256.h>
#include <kernel/trust/audit.h>

/* The console: every record audit.c prints, for comparison with the ring. */
static char printed[AUDIT_TEXT + 100];
static u64 nprinted;
void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(printed, sizeof(printed), fmt, ap);
	va_end(ap);
	nprinted++;
}

static void deny(const char *subj, const char *obj)
{
	audit_log(AUDIT_GRANT_MAP, subj, "red", obj, "green", "deny");
}

/* Decisions the records [from, audit_count()) stand for whose text contains what: 1 + repeats each. */
static u64 decisions(u64 from, const char *what, u64 *records)
{
	u64 n = 0;
	*records = 0;
	for (u64 s = from; s < audit_count(); s++) {
		const struct audit_rec *r = audit_get(s);
		const char *rep;
		assert_non_null(r);
		if (!strstr(r->text, what))
			continue;
		rep = strstr(r->text, " repeats=");
		n += rep ? strtoull(rep + 9, NULL, 10) : 1;
		++*records;
	}
	return n;
}

static u64 repeats_of(u64 seq)
{
	const char *rep = strstr(audit_get(seq)->text, " repeats=");
	return rep ? strtoull(rep + 9, NULL, 10) : 0;
}

/* The first decision of a key is written at once, without a repeats field, and printed. */
static void test_first_decision_written_at_once(void **state)
{
	u64 c = audit_count(), p = nprinted;
	char line[AUDIT_TEXT + 80];
	(void)state;
	deny("first", "grant:a#0");
	assert_int_equal(audit_count(), c + 1);
	assert_int_equal(nprinted, p + 1);
	assert_contains(audit_get(c)->text, "op=grant-map subj=first/red obj=grant:a#0/green decision=deny");
	assert_null(strstr(audit_get(c)->text, "repeats"));
	audit_format(audit_get(c), line, sizeof(line));
	assert_contains(printed, line);
	audit_end_runs("first");
	assert_int_equal(audit_count(), c + 1); /* nothing was counted, so nothing more is written */
}

/* 300 identical denials: 4 records (first, 64, 128, the 107 left at the end) that add up to 300. */
static void test_300_repeats_are_4_records(void **state)
{
	u64 c = audit_count(), recs;
	(void)state;
	for (int i = 0; i < 300; i++)
		deny("flood", "grant:g#1");
	assert_int_equal(audit_count(), c + 3);
	assert_int_equal(repeats_of(c + 1), AUDIT_REPEAT_FIRST);
	assert_int_equal(repeats_of(c + 2), 2 * AUDIT_REPEAT_FIRST);
	audit_end_runs("flood");
	assert_int_equal(audit_count(), c + 4);
	assert_int_equal(repeats_of(c + 3), 300 - 1 - 64 - 128);
	assert_int_equal(decisions(c, "subj=flood/", &recs), 300);
	assert_int_equal(recs, 4);
}

/* The count record is written exactly when the bound is reached, not one call early or late. */
static void test_bound_is_exact(void **state)
{
	u64 c = audit_count();
	(void)state;
	deny("edge", "grant:g#2");
	for (int i = 0; i < AUDIT_REPEAT_FIRST - 1; i++)
		deny("edge", "grant:g#2");
	assert_int_equal(audit_count(), c + 1);
	deny("edge", "grant:g#2");
	assert_int_equal(audit_count(), c + 2);
	for (int i = 0; i < 2 * AUDIT_REPEAT_FIRST - 1; i++)
		deny("edge", "grant:g#2");
	assert_int_equal(audit_count(), c + 2);
	deny("edge", "grant:g#2");
	assert_int_equal(audit_count(), c + 3);
	audit_end_runs("edge");
	assert_int_equal(audit_count(), c + 3); /* the run had just been written: nothing pending */
}

/* A hostile flood cannot push an earlier record out of the ring: 100000 denials take 12 records. */
static void test_flood_keeps_earlier_records(void **state)
{
	u64 c, recs;
	const struct audit_rec *early;
	char before[AUDIT_TEXT];
	(void)state;
	deny("victim-trail", "grant:v#0");
	c = audit_count();
	early = audit_get(c - 1);
	strcpy(before, early->text);
	for (int i = 0; i < 100000; i++)
		deny("hostile", "grant:h#0");
	audit_end_runs("hostile");
	assert_true(audit_count() - c <= 12);
	assert_non_null(audit_get(c - 1));
	assert_string_equal(audit_get(c - 1)->text, before);
	assert_int_equal(decisions(c, "subj=hostile/", &recs), 100000);
	audit_end_runs("victim-trail");
}

/* Alternating two denied calls, or another VM's records in between, does not end a run. */
static void test_interleaving_still_counts(void **state)
{
	u64 c = audit_count(), ra, rb;
	(void)state;
	for (int i = 0; i < 200; i++) {
		deny("alt", "grant:x#0");
		audit_log(AUDIT_EVTCHN_BIND, "alt", "red", "evtchn:x#0", "green", "deny");
		deny("other", "grant:y#0");
	}
	assert_true(audit_count() - c <= 3 + 3 * 2);
	audit_end_runs("alt");
	assert_int_equal(decisions(c, "op=grant-map subj=alt/", &ra), 200);
	assert_int_equal(decisions(c, "op=evtchn-bind subj=alt/", &rb), 200);
	audit_end_runs("other");
	assert_int_equal(decisions(c, "subj=other/", &ra), 200);
}

/* The decision and the object are part of the key: a permit after denials is its own record. */
static void test_key_fields_separate_runs(void **state)
{
	u64 c = audit_count();
	(void)state;
	deny("keys", "grant:k#0");
	deny("keys", "grant:k#1");
	audit_log(AUDIT_GRANT_MAP, "keys", "red", "grant:k#0", "green", "permit+audit");
	audit_log(AUDIT_EVTCHN_BIND, "keys", "red", "grant:k#0", "green", "deny");
	audit_log(AUDIT_GRANT_MAP, "keys", "red", "grant:k#0", "blue", "deny");
	audit_log(AUDIT_GRANT_MAP, "keys", "blue", "grant:k#0", "green", "deny");
	assert_int_equal(audit_count(), c + 6);
	audit_end_runs("keys");
	assert_int_equal(audit_count(), c + 6);
}

/* Ending one subject writes its counts only; another subject's open run keeps counting. */
static void test_end_runs_is_per_subject(void **state)
{
	u64 c = audit_count();
	(void)state;
	deny("s1", "grant:s#0");
	deny("s1", "grant:s#0");
	deny("s2", "grant:s#0");
	deny("s2", "grant:s#0");
	deny("s2", "grant:s#0");
	audit_end_runs("s1");
	assert_int_equal(audit_count(), c + 3);
	assert_contains(audit_get(c + 2)->text, "subj=s1/red obj=grant:s#0/green decision=deny repeats=1");
	deny("s2", "grant:s#0");
	audit_end_runs("s2");
	assert_contains(audit_get(c + 3)->text, "subj=s2/red obj=grant:s#0/green decision=deny repeats=3");
	deny("s1", "grant:s#0"); /* s1 started again: a fresh run */
	assert_null(strstr(audit_get(c + 4)->text, "repeats"));
	audit_end_runs("s1");
}

/* More keys than open runs: the oldest run is written out when it is evicted, so no count is lost. */
static void test_eviction_writes_the_count(void **state)
{
	u64 c = audit_count(), recs;
	char obj[32];
	(void)state;
	deny("ev", "grant:old#0");
	deny("ev", "grant:old#0");
	deny("ev", "grant:old#0");
	for (int i = 0; i < AUDIT_RUNS - 1; i++) {
		snprintf(obj, sizeof(obj), "grant:new#%d", i);
		deny("ev", obj);
	}
	assert_int_equal(audit_count(), c + AUDIT_RUNS); /* all runs open, old#0's 2 repeats still pending */
	deny("ev", "grant:new#99");
	assert_int_equal(audit_count(), c + AUDIT_RUNS + 2);
	assert_contains(audit_get(c + AUDIT_RUNS)->text, "obj=grant:old#0/green decision=deny repeats=2");
	assert_contains(audit_get(c + AUDIT_RUNS + 1)->text, "obj=grant:new#99/green");
	audit_end_runs("ev");
	assert_int_equal(decisions(c, "obj=grant:old#0/", &recs), 3);
}

/* A run that keeps repeating is the most recently used: a new key evicts the coldest run, not it. */
static void test_eviction_spares_the_busy_run(void **state)
{
	u64 c = audit_count();
	char obj[32];
	(void)state;
	deny("hot", "grant:hot#0");
	for (int i = 0; i < AUDIT_RUNS - 1; i++) {
		snprintf(obj, sizeof(obj), "grant:cold#%d", i);
		audit_log(AUDIT_GRANT_MAP, "cold", "red", obj, "green", "deny");
	}
	deny("hot", "grant:hot#0"); /* counted, and now the newest */
	deny("hot2", "grant:new#0"); /* evicts cold#0, which counted nothing: no extra record */
	assert_int_equal(audit_count(), c + AUDIT_RUNS + 1);
	deny("hot", "grant:hot#0");
	assert_int_equal(audit_count(), c + AUDIT_RUNS + 1); /* still counting: hot's run survived */
	audit_end_runs("hot");
	assert_contains(audit_get(c + AUDIT_RUNS + 1)->text, "obj=grant:hot#0/green decision=deny repeats=2");
	audit_end_runs("hot2");
	audit_end_runs("cold");
}

/* Every record, count records included, chains to its predecessor: SHA-256(prev hash || text). */
static void test_chain_is_intact(void **state)
{
	u64 start;
	(void)state;
	deny("chain", "grant:c#0");
	start = audit_count() - 1;
	for (int i = 0; i < 500; i++)
		deny("chain", "grant:c#0");
	audit_end_runs("chain");
	for (u64 s = start + 1; s < audit_count(); s++) {
		const struct audit_rec *p = audit_get(s - 1), *r = audit_get(s);
		struct sha256_ctx ctx;
		u8 want[32];
		sha256_init(&ctx);
		sha256_update(&ctx, p->hash, 32);
		sha256_update(&ctx, r->text, strlen(r->text));
		sha256_final(&ctx, want);
		assert_memory_equal(r->hash, want, 32);
		assert_int_equal(r->seq, s);
	}
}

/* The ring keeps exactly the last AUDIT_RING records; later and overwritten ones are not there. */
static void test_ring_bounds(void **state)
{
	char obj[32];
	u64 n;
	(void)state;
	for (int i = 0; i < AUDIT_RING + 5; i++) {
		snprintf(obj, sizeof(obj), "grant:ring#%d", i);
		deny("ring", obj);
	}
	audit_end_runs("ring");
	n = audit_count();
	assert_null(audit_get(n));
	assert_non_null(audit_get(n - 1));
	assert_non_null(audit_get(n - AUDIT_RING));
	assert_null(audit_get(n - AUDIT_RING - 1));
	assert_int_equal(audit_get(n - AUDIT_RING)->seq, n - AUDIT_RING);
}

int main(void)
{
	static const struct CMUnitTest t[] = {
		cmocka_unit_test(test_first_decision_written_at_once),
		cmocka_unit_test(test_300_repeats_are_4_records),
		cmocka_unit_test(test_bound_is_exact),
		cmocka_unit_test(test_flood_keeps_earlier_records),
		cmocka_unit_test(test_interleaving_still_counts),
		cmocka_unit_test(test_key_fields_separate_runs),
		cmocka_unit_test(test_end_runs_is_per_subject),
		cmocka_unit_test(test_eviction_writes_the_count),
		cmocka_unit_test(test_eviction_spares_the_busy_run),
		cmocka_unit_test(test_chain_is_intact),
		cmocka_unit_test(test_ring_bounds),
	};
	return cmocka_run_group_tests_name("audit-ring", t, NULL, NULL);
}
