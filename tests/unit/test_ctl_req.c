/* cordon unit tests: the management-request parser (lib/mgmt/ctl_req.c) on good and hostile requests. */
/* sources: lib/mgmt/ctl_req.c lib/mgmt/mgmt_frame.c lib/str.c lib/sha256.c */
#include <tests/unit/unit.h>
#include <lib/mgmt/ctl_req.h>
#include <lib/mgmt/mgmt_frame.h>
#include <lib/sha256.h>

static u8 buf[4096];
static struct mgmt_wr w;
static struct ctl_req r;

static void begin(u32 op)
{
	mgmt_begin(&w, buf, sizeof(buf), MGMT_CTL_REQ);
	if (op)
		mgmt_item_u32(&w, MGMT_T_OP, op);
}

/* Parses the items written so far. */
static const char *parse(void)
{
	u32 n = mgmt_end(&w);
	assert_true(n >= MGMT_HDR_SIZE);
	return ctl_req_parse(buf + MGMT_HDR_SIZE, n - MGMT_HDR_SIZE, &r);
}

static void test_list_unsigned(void **s)
{
	(void)s;
	begin(MGMT_OP_LIST);
	assert_null(parse());
	assert_int_equal(r.op, MGMT_OP_LIST);
	assert_null(r.sig);
	assert_false(ctl_op_signed(MGMT_OP_LIST));
	assert_true(ctl_op_signed(MGMT_OP_STOP));
	assert_true(ctl_op_signed(MGMT_OP_POLICY_LOAD));
}

static void test_signed_stop(void **s)
{
	u8 ch[MGMT_CHALLENGE_LEN], sig[384];
	(void)s;
	memset(ch, 0xab, sizeof(ch));
	memset(sig, 0x5a, sizeof(sig));
	begin(MGMT_OP_STOP);
	mgmt_item(&w, MGMT_T_VM, "linux-a", 7);
	mgmt_item(&w, MGMT_T_CHALLENGE, ch, sizeof(ch));
	mgmt_item(&w, MGMT_T_CTL_SIG, sig, sizeof(sig));
	assert_null(parse());
	assert_string_equal(r.vm[0], "linux-a");
	assert_int_equal(r.nvm, 1);
	assert_true(r.has_challenge);
	assert_memory_equal(r.challenge, ch, sizeof(ch));
	assert_ptr_equal(r.sig, buf + MGMT_HDR_SIZE + r.signed_len + MGMT_ITEM_HDR);
	assert_int_equal(r.sig_len, sizeof(sig));
	/* the signed span is every item before the signature: op (10), vm (13), challenge (38) */
	assert_int_equal(r.signed_len, 10 + 13 + 38);
}

static void test_audit_needs_seq(void **s)
{
	(void)s;
	begin(MGMT_OP_AUDIT);
	assert_non_null(parse());
	begin(MGMT_OP_AUDIT);
	mgmt_item_u64(&w, MGMT_T_SEQ, 300);
	assert_null(parse());
	assert_int_equal(r.seq, 300);
}

static void test_refusals(void **s)
{
	u8 ch[MGMT_CHALLENGE_LEN] = { 0 }, sig[8] = { 1 };
	(void)s;
	begin(0); /* no operation */
	mgmt_item(&w, MGMT_T_VM, "a", 1);
	assert_string_equal(parse(), "no operation");
	begin(99);
	assert_string_equal(parse(), "unknown operation");
	begin(MGMT_OP_STOP); /* no VM */
	assert_non_null(parse());
	begin(MGMT_OP_STOP); /* two VMs for a one-VM operation */
	mgmt_item(&w, MGMT_T_VM, "a", 1);
	mgmt_item(&w, MGMT_T_VM, "b", 1);
	assert_non_null(parse());
	begin(MGMT_OP_STOP); /* not a boot.cfg name */
	mgmt_item(&w, MGMT_T_VM, "Linux A", 7);
	assert_non_null(parse());
	begin(MGMT_OP_STOP);
	mgmt_item(&w, MGMT_T_VM, "", 0);
	assert_non_null(parse());
	begin(MGMT_OP_STOP);
	mgmt_item(&w, MGMT_T_VM, "abcdefghijklmnopqrstuvwxyz0123456", 33);
	assert_non_null(parse());
	begin(MGMT_OP_LIST); /* the operation twice */
	mgmt_item_u32(&w, MGMT_T_OP, MGMT_OP_STOP);
	assert_string_equal(parse(), "an item is given twice");
	begin(MGMT_OP_LIST); /* an item after the signature */
	mgmt_item(&w, MGMT_T_CTL_SIG, sig, sizeof(sig));
	mgmt_item(&w, MGMT_T_CHALLENGE, ch, sizeof(ch));
	assert_string_equal(parse(), "the signature must be the last item");
	begin(MGMT_OP_LIST); /* a short challenge */
	mgmt_item(&w, MGMT_T_CHALLENGE, ch, 16);
	assert_non_null(parse());
	begin(MGMT_OP_LIST); /* an unknown tag (an attestation item) */
	mgmt_item(&w, MGMT_T_NONCE, ch, 16);
	assert_non_null(parse());
	begin(MGMT_OP_POLICY_LOAD); /* no envelope */
	mgmt_item(&w, MGMT_T_POLICY, "x", 1);
	assert_non_null(parse());
	begin(MGMT_OP_POLICY_LOAD); /* an unknown flag */
	mgmt_item(&w, MGMT_T_POLICY, "x", 1);
	mgmt_item(&w, MGMT_T_POLICY_SIG, "y", 1);
	mgmt_item_u32(&w, MGMT_T_FLAGS, 2);
	assert_string_equal(parse(), "unknown flags");
}

static void test_truncated(void **s)
{
	(void)s;
	begin(MGMT_OP_STOP);
	mgmt_item(&w, MGMT_T_VM, "linux-a", 7);
	u32 n = mgmt_end(&w) - MGMT_HDR_SIZE;
	for (u32 cut = 1; cut < n; cut++)
		assert_non_null(ctl_req_parse(buf + MGMT_HDR_SIZE, n - cut, &r));
}

static void test_stop_list(void **s)
{
	(void)s;
	begin(MGMT_OP_POLICY_LOAD);
	mgmt_item(&w, MGMT_T_POLICY, "p", 1);
	mgmt_item(&w, MGMT_T_POLICY_SIG, "s", 1);
	mgmt_item_u32(&w, MGMT_T_FLAGS, MGMT_F_STOP_CONFLICTING);
	for (int i = 0; i < CTL_MAX_VMS; i++)
		mgmt_item(&w, MGMT_T_VM, "vm", 2);
	assert_null(parse());
	assert_int_equal(r.nvm, CTL_MAX_VMS);
	mgmt_item(&w, MGMT_T_VM, "vm", 2); /* one too many */
	assert_string_equal(parse(), "too many VM names");
}

/* The digest covers the domain and the frame type, so a request cannot be replayed as another type. */
static void test_digest(void **s)
{
	u8 a[32], b[32], c[32], want[32];
	u8 msg[sizeof(MGMT_CTL_DOMAIN) - 1 + 2 + 3];
	(void)s;
	ctl_req_digest(MGMT_CTL_REQ, (const u8 *)"abc", 3, a);
	ctl_req_digest(MGMT_QUOTE_REQ, (const u8 *)"abc", 3, b);
	ctl_req_digest(MGMT_CTL_REQ, (const u8 *)"abd", 3, c);
	assert_memory_not_equal(a, b, 32);
	assert_memory_not_equal(a, c, 32);
	memcpy(msg, MGMT_CTL_DOMAIN, sizeof(MGMT_CTL_DOMAIN) - 1);
	msg[sizeof(MGMT_CTL_DOMAIN) - 1] = 0;
	msg[sizeof(MGMT_CTL_DOMAIN)] = MGMT_CTL_REQ;
	memcpy(msg + sizeof(MGMT_CTL_DOMAIN) + 1, "abc", 3);
	sha256(msg, sizeof(msg), want);
	assert_memory_equal(a, want, 32);
}

static void test_names(void **s)
{
	(void)s;
	assert_string_equal(ctl_op_name(MGMT_OP_RESTART), "restart");
	assert_string_equal(ctl_op_name(0), "?");
	assert_string_equal(mgmt_status_name(MGMT_S_STALE), "stale");
	assert_string_equal(mgmt_status_name(MGMT_S_BAD_POLICY), "bad-policy");
	assert_string_equal(mgmt_status_name(1000), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_unsigned), cmocka_unit_test(test_signed_stop),
		cmocka_unit_test(test_audit_needs_seq), cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_truncated), cmocka_unit_test(test_stop_list),
		cmocka_unit_test(test_digest), cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
