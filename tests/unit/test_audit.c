/* cordon unit tests: audit record text and hash chain (kernel/trust/audit_chain.c). */
/* sources: kernel/trust/audit_chain.c lib/sha256.c lib/fmt.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/sha256.h>
#include <kernel/trust/audit.h>

static const u8 zero[32];

/* audit_make over the key audit_key builds from the fields; no repeats. */
static void make(struct audit_rec *r, const u8 prev[32], u64 seq, u64 tsc, const char *op, const char *subj,
		 const char *sl, const char *obj, const char *ol, const char *d)
{
	char key[AUDIT_TEXT];
	audit_key(key, sizeof(key), op, subj, sl, obj, ol, d);
	audit_make(r, prev, seq, tsc, key, 0);
}

static void test_text_is_canonical(void **state)
{
	struct audit_rec r;
	(void)state;
	make(&r, zero, 7, 1234, "grant-map", "red", "red", "grant:green-a#1", "green", "deny");
	assert_int_equal(r.seq, 7);
	assert_string_equal(r.text, "seq=7 t=1234 op=grant-map subj=red/red obj=grant:green-a#1/green decision=deny");
}

/* hash = SHA-256(prev || text): recomputed independently here. */
static void test_hash_chains_to_prev(void **state)
{
	struct audit_rec a, b;
	struct sha256_ctx c;
	u8 want[32];
	(void)state;
	make(&a, zero, 0, 1, "vm-start", "blue", "blue", "vm:red", "red", "deny");
	make(&b, a.hash, 1, 2, "nic-attach", "red", "red", "segment", "green-seg", "deny");
	sha256_init(&c);
	sha256_update(&c, a.hash, 32);
	sha256_update(&c, b.text, strlen(b.text));
	sha256_final(&c, want);
	assert_memory_equal(b.hash, want, 32);
}

/* Any change to a field or to the predecessor changes the hash: edits and splices are visible. */
static void test_any_change_breaks_the_chain(void **state)
{
	struct audit_rec base, other;
	u8 prev2[32] = { 1 };
	(void)state;
	make(&base, zero, 3, 99, "evtchn-bind", "red", "red", "evtchn:a#1", "green", "deny");
	make(&other, zero, 3, 99, "evtchn-bind", "red", "red", "evtchn:a#1", "green", "permit");
	assert_memory_not_equal(base.hash, other.hash, 32);
	make(&other, zero, 4, 99, "evtchn-bind", "red", "red", "evtchn:a#1", "green", "deny");
	assert_memory_not_equal(base.hash, other.hash, 32);
	make(&other, prev2, 3, 99, "evtchn-bind", "red", "red", "evtchn:a#1", "green", "deny");
	assert_memory_not_equal(base.hash, other.hash, 32);
}

/* A count record carries the key and repeats=R, and R is covered by the hash. */
static void test_repeats_field(void **state)
{
	struct audit_rec a, b;
	char key[AUDIT_TEXT];
	(void)state;
	audit_key(key, sizeof(key), "grant-map", "red", "red", "grant:green-a#1", "green", "deny");
	audit_make(&a, zero, 5, 77, key, 299);
	assert_string_equal(a.text, "seq=5 t=77 op=grant-map subj=red/red obj=grant:green-a#1/green decision=deny repeats=299");
	audit_make(&b, zero, 5, 77, key, 298);
	assert_memory_not_equal(a.hash, b.hash, 32);
	audit_make(&b, zero, 5, 77, key, 0);
	assert_string_equal(b.text, "seq=5 t=77 op=grant-map subj=red/red obj=grant:green-a#1/green decision=deny");
}

int main(void)
{
	static const struct CMUnitTest t[] = {
		cmocka_unit_test(test_text_is_canonical),
		cmocka_unit_test(test_hash_chains_to_prev),
		cmocka_unit_test(test_any_change_breaks_the_chain),
		cmocka_unit_test(test_repeats_field),
	};
	return cmocka_run_group_tests_name("audit", t, NULL, NULL);
}
