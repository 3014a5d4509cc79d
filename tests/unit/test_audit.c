/* cordon unit tests: audit record text and hash chain (kernel/audit_chain.c). */
/* sources: kernel/audit_chain.c lib/sha256.c lib/fmt.c lib/str.c */
#include "unit.h"
#include "sha256.h"
#include "kernel/audit.h"

static const u8 zero[32];

static void test_text_is_canonical(void **state)
{
	struct audit_rec r;
	(void)state;
	audit_make(&r, zero, 7, 1234, "grant-map", "red", "red", "grant:green-a#1", "green", "deny");
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
	audit_make(&a, zero, 0, 1, "vm-start", "blue", "blue", "vm:red", "red", "deny");
	audit_make(&b, a.hash, 1, 2, "nic-attach", "red", "red", "segment", "green-seg", "deny");
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
	audit_make(&base, zero, 3, 99, "evtchn-bind", "red", "red", "evtchn:a#1", "green", "deny");
	audit_make(&other, zero, 3, 99, "evtchn-bind", "red", "red", "evtchn:a#1", "green", "permit");
	assert_memory_not_equal(base.hash, other.hash, 32);
	audit_make(&other, zero, 4, 99, "evtchn-bind", "red", "red", "evtchn:a#1", "green", "deny");
	assert_memory_not_equal(base.hash, other.hash, 32);
	audit_make(&other, prev2, 3, 99, "evtchn-bind", "red", "red", "evtchn:a#1", "green", "deny");
	assert_memory_not_equal(base.hash, other.hash, 32);
}

int main(void)
{
	static const struct CMUnitTest t[] = {
		cmocka_unit_test(test_text_is_canonical),
		cmocka_unit_test(test_hash_chains_to_prev),
		cmocka_unit_test(test_any_change_breaks_the_chain),
	};
	return cmocka_run_group_tests_name("audit", t, NULL, NULL);
}
