/* cordon unit tests: the Access Control Module (sHype) whole-policy change: PRE over the running set, POST switches in one step. */
/* sources: acm/policy.c acm/hooks.c lib/sha256.c lib/str.c */
#include <tests/unit/unit.h>
#include <tests/unit/policy_build.h>
#include <acm/acm.h>
#include <acm/hooks.h>

#define A 1u
#define B 2u
#define RED 1u
#define BLUE 2u
#define GOLD 4u

/* The boot policy: no conflict set. Then one with red and blue in conflict, one without "blue", one reordered. */
static const struct pb_label base[] = { { "green", A, 0 }, { "red", A, RED }, { "blue", B, BLUE }, { "seg-a", A, 0 } };
static const struct pb_label no_blue[] = { { "green", A, 0 }, { "red", A, RED }, { "seg-a", A, 0 } };
static const struct pb_label reordered[] = { { "blue", B, BLUE }, { "red", A, RED }, { "green", A, 0 },
					     { "seg-a", A, 0 } };
static const u64 colours[] = { RED | BLUE };
enum { GREEN, L_RED, L_BLUE }; /* label indexes in base */

static u64 boot_store[4096], cand_store[4096];
static u32 boot_len;
static struct policy cand;
static struct acm_policy_check chk;
static int label[ACM_MAX_VMS];
static bool may_stop[ACM_MAX_VMS];
static struct acm_status st;

/* Boot policy in force; VMs 0 red, 1 blue, 2 green running; every other id idle. */
static int setup(void **state)
{
	(void)state;
	boot_len = pb_build(boot_store, "boot", base, 4, NULL, 0);
	acm_init(boot_store, boot_len, &st);
	assert_int_equal(st.state, ACM_POLICY_LOADED);
	acm_post_vm_start(0, L_RED);
	acm_post_vm_start(1, L_BLUE);
	acm_post_vm_start(2, GREEN);
	memset(may_stop, 0, sizeof(may_stop));
	for (u32 i = 0; i < ACM_MAX_VMS; i++)
		label[i] = -1;
	return 0;
}

/* The candidate from that description, validated; label[] by name as the kernel does it. */
static void candidate(const char *name, const struct pb_label *l, u32 nl, const u64 *conf, u32 nc)
{
	static const char *const running_as[] = { "red", "blue", "green" };
	u32 n = pb_build(cand_store, name, l, nl, conf, nc);
	assert_null(policy_load(cand_store, n, &cand));
	for (u32 i = 0; i < 3; i++)
		label[i] = policy_label(&cand, running_as[i]);
}

/* The boot policy still decides: blue may start beside red, and its bytes are the active ones. */
static void expect_unchanged(void)
{
	u32 culprit;
	u64 n;
	assert_ptr_equal(acm_policy_bytes(&n), boot_store);
	assert_int_equal(n, boot_len);
	assert_int_equal(acm_pre_vm_start(5, L_BLUE, &culprit), ACM_PERMIT);
	assert_int_equal(acm_label("blue"), L_BLUE);
}

static void test_conflict_refused_and_named(void **state)
{
	(void)state;
	candidate("walls", base, 4, colours, 1);
	assert_int_equal(acm_pre_policy(&cand, label, may_stop, &chk), ACM_DENY);
	assert_int_equal(chk.nmissing, 0);
	assert_int_equal(chk.nconflict, 2); /* both sides of the clash; green is not named */
	assert_int_equal(chk.conflict[0], 0);
	assert_int_equal(chk.conflict[1], 1);
	expect_unchanged();
}

static void test_stop_list_honoured(void **state)
{
	(void)state;
	candidate("walls", base, 4, colours, 1);
	may_stop[1] = true;
	assert_int_equal(acm_pre_policy(&cand, label, may_stop, &chk), ACM_PERMIT);
	assert_int_equal(chk.nconflict, 1);
	assert_int_equal(chk.conflict[0], 1);
	may_stop[0] = true; /* both may stop: only the later one must (id order), the earlier keeps running */
	assert_int_equal(acm_pre_policy(&cand, label, may_stop, &chk), ACM_PERMIT);
	assert_int_equal(chk.nconflict, 1);
	assert_int_equal(chk.conflict[0], 1);
	expect_unchanged();
}

/* A stop list that leaves the clash in place (only the bystander) is refused. */
static void test_stop_list_insufficient(void **state)
{
	(void)state;
	candidate("walls", base, 4, colours, 1);
	may_stop[2] = true;
	assert_int_equal(acm_pre_policy(&cand, label, may_stop, &chk), ACM_DENY);
	assert_int_equal(chk.nconflict, 2);
	expect_unchanged();
}

/* No conflict: nothing to stop, and a may-stop VM that fits is not stopped. */
static void test_no_conflict_stops_nothing(void **state)
{
	(void)state;
	candidate("calm", base, 4, NULL, 0);
	may_stop[0] = may_stop[1] = true;
	assert_int_equal(acm_pre_policy(&cand, label, may_stop, &chk), ACM_PERMIT);
	assert_int_equal(chk.nconflict, 0);
}

static void test_label_missing(void **state)
{
	(void)state;
	candidate("noblue", no_blue, 3, NULL, 0);
	assert_int_equal(label[1], -1);
	assert_int_equal(acm_pre_policy(&cand, label, may_stop, &chk), ACM_DENY);
	assert_int_equal(chk.nmissing, 1);
	assert_int_equal(chk.missing[0], 1);
	expect_unchanged();
	may_stop[1] = true; /* named by the operator: it is stopped for the change, not a refusal */
	assert_int_equal(acm_pre_policy(&cand, label, may_stop, &chk), ACM_PERMIT);
	assert_int_equal(chk.nmissing, 0);
	assert_int_equal(chk.nconflict, 1);
	assert_int_equal(chk.conflict[0], 1);
	expect_unchanged();
	may_stop[1] = false;
	acm_vm_stop(1); /* an idle VM's label does not matter */
	assert_int_equal(acm_pre_policy(&cand, label, may_stop, &chk), ACM_PERMIT);
}

/* POST: the ACM owns a copy, switches, and relabels the running set by the new indexes. */
static void test_commit_switches_and_relabels(void **state)
{
	u32 culprit = 0;
	u64 n;
	const u8 *b;
	(void)state;
	candidate("walls", reordered, 4, colours, 1);
	assert_int_equal(label[0], 1);
	assert_int_equal(label[1], 0);
	acm_vm_stop(1); /* the kernel ended blue (it conflicted) */
	assert_int_equal(acm_pre_policy(&cand, label, may_stop, &chk), ACM_PERMIT);
	acm_post_policy(&cand, label);
	b = acm_policy_bytes(&n);
	assert_true(b != (const u8 *)cand_store && b != (const u8 *)boot_store);
	assert_int_equal(n, cand.hdr->size);
	assert_memory_equal(b, cand_store, n);
	memset(cand_store, 0, sizeof(cand_store)); /* the request buffer is reused: the ACM does not care */
	assert_int_equal(acm_label("blue"), 0);
	assert_int_equal(acm_pre_vm_start(5, 0 /* blue */, &culprit), ACM_DENY);
	assert_int_equal(culprit, 0); /* red, by its new index */
	assert_int_equal(acm_pre_share(2 /* green */, 1 /* red */), ACM_PERMIT);
}

/* Two changes in a row use the two buffers in turn; the old bytes stay intact until the switch after next. */
static void test_two_buffers(void **state)
{
	const u8 *first, *second;
	u64 n1, n2;
	u8 copy[4096];
	(void)state;
	candidate("one", base, 4, NULL, 0);
	acm_post_policy(&cand, label);
	first = acm_policy_bytes(&n1);
	memcpy(copy, first, n1);
	candidate("two", reordered, 4, NULL, 0);
	acm_post_policy(&cand, label);
	second = acm_policy_bytes(&n2);
	assert_true(first != second);
	assert_memory_equal(first, copy, n1); /* what was active is untouched by the switch */
	assert_string_equal(((const struct policy_hdr *)second)->name, "two");
	candidate("three", base, 4, NULL, 0);
	acm_post_policy(&cand, label);
	assert_ptr_equal(acm_policy_bytes(&n1), first);
}

/* A boot policy that was rejected runs nothing; a valid change makes the ACM usable again. */
static void test_rejected_boot_policy_replaced(void **state)
{
	u32 culprit;
	(void)state;
	boot_store[2] ^= 1; /* digest no longer matches */
	acm_init(boot_store, boot_len, &st);
	assert_int_equal(st.state, ACM_POLICY_REJECTED);
	assert_int_equal(acm_pre_vm_start(0, 0, &culprit), ACM_DENY);
	candidate("fixed", base, 4, NULL, 0);
	assert_int_equal(acm_pre_policy(&cand, label, may_stop, &chk), ACM_PERMIT);
	acm_post_policy(&cand, label);
	assert_int_equal(acm_pre_vm_start(0, L_RED, &culprit), ACM_PERMIT);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_conflict_refused_and_named, setup),
		cmocka_unit_test_setup(test_stop_list_honoured, setup),
		cmocka_unit_test_setup(test_stop_list_insufficient, setup),
		cmocka_unit_test_setup(test_no_conflict_stops_nothing, setup),
		cmocka_unit_test_setup(test_label_missing, setup),
		cmocka_unit_test_setup(test_commit_switches_and_relabels, setup),
		cmocka_unit_test_setup(test_two_buffers, setup),
		cmocka_unit_test_setup(test_rejected_boot_policy_replaced, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
