/* cordon unit tests: cordon-ctl's requests byte for byte, its parsing of answers, JSON output and argument errors. */
/* sources: tools/ctl/cli.c tools/ctl/cmd_audit.c tools/ctl/cmd_local.c tools/ctl/cmd_policy.c tools/ctl/cmd_vm.c tools/ctl/json.c tools/ctl/print.c tools/ctl/request.c tools/ctl/response.c tools/ctl/session.c tools/attest/chan.c lib/mgmt/mgmt_frame.c lib/sha256.c lib/str.c -lpthread */
#include <tests/unit/unit.h>
#include <tests/unit/ctl_fake.h>
#include <tools/ctl/json.h>
#include <tools/ctl/print.h>
#include <tools/ctl/request.h>

static u8 buf[MGMT_HDR_SIZE + 8192];
static const u8 chal[MGMT_CHALLENGE_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
					       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };

/* Appends a TLV by hand (u16 tag, u32 length, bytes), independent of lib/mgmt. */
static u32 tlv(u8 *p, u32 at, u16 tag, const void *v, u32 n)
{
	p[at] = (u8)(tag >> 8), p[at + 1] = (u8)tag;
	p[at + 2] = (u8)(n >> 24), p[at + 3] = (u8)(n >> 16), p[at + 4] = (u8)(n >> 8), p[at + 5] = (u8)n;
	memcpy(p + at + 6, v, n);
	return at + 6 + n;
}

static u32 hdr(u8 *p, u16 type, u32 len)
{
	const u8 h[12] = { 'C', 'M', 'G', '1', (u8)(type >> 8), (u8)type, 0, 0,
			   (u8)(len >> 24), (u8)(len >> 16), (u8)(len >> 8), (u8)len };
	memcpy(p, h, 12);
	return 12;
}

static void test_ro_requests_bytes(void **state)
{
	struct mgmt_wr w;
	u8 want[64];
	u32 n;
	(void)state;
	ctl_req_ro(&w, buf, sizeof(buf), MGMT_OP_LIST);
	n = mgmt_end(&w);
	hdr(want, MGMT_CTL_REQ, 10);
	tlv(want, 12, MGMT_T_OP, "\0\0\0\1", 4);
	assert_int_equal(n, 22);
	assert_memory_equal(buf, want, n);
	ctl_req_audit(&w, buf, sizeof(buf), 0x0102030405060708ull);
	n = mgmt_end(&w);
	hdr(want, MGMT_CTL_REQ, 24);
	tlv(want, tlv(want, 12, MGMT_T_OP, "\0\0\0\3", 4), MGMT_T_SEQ, "\1\2\3\4\5\6\7\10", 8);
	assert_int_equal(n, 36);
	assert_memory_equal(buf, want, n);
}

/* The signed span is domain || type || every item byte before the signature, and the signature comes last. */
static void test_signed_vm_request_bytes(void **state)
{
	struct mgmt_wr w;
	static u8 want[1024];
	u8 digest[32], sig[384];
	struct sha256_ctx c;
	char err[128];
	u32 at, n;
	FILE *k = fopen("/tmp/ctl-test-op.key", "w");
	(void)state;
	fputs("k", k);
	fclose(k);
	ctl_req_vm(&w, buf, sizeof(buf), MGMT_OP_STOP, "web", chal);
	assert_int_equal(ctl_req_sign(&w, "/tmp/ctl-test-op.key", err, sizeof(err)), 0);
	n = mgmt_end(&w);
	at = tlv(want, 12, MGMT_T_OP, "\0\0\0\x11", 4);
	at = tlv(want, at, MGMT_T_VM, "web", 3);
	at = tlv(want, at, MGMT_T_CHALLENGE, chal, 32);
	sha256_init(&c);
	sha256_update(&c, "cordon-ctl-v1", 13);
	sha256_update(&c, "\0\x22", 2);
	sha256_update(&c, want + 12, at - 12);
	sha256_final(&c, digest);
	assert_memory_equal(fake_signed, digest, 32);
	assert_string_equal(fake_signed_key, "/tmp/ctl-test-op.key");
	for (u32 i = 0; i < 384; i++)
		sig[i] = (u8)(digest[i % 32] ^ i);
	at = tlv(want, at, MGMT_T_CTL_SIG, sig, 384);
	hdr(want, MGMT_CTL_REQ, at - 12);
	assert_int_equal(n, at);
	assert_memory_equal(buf, want, n);
	unlink("/tmp/ctl-test-op.key");
}

/* A signer that fails leaves no signature item behind and says why. */
static void test_sign_failure(void **state)
{
	struct mgmt_wr w;
	char err[128] = "";
	(void)state;
	ctl_req_vm(&w, buf, sizeof(buf), MGMT_OP_START, "web", chal);
	assert_int_equal(ctl_req_sign(&w, "/nonexistent/op.key", err, sizeof(err)), -1);
	assert_contains(err, "no such key");
	assert_null(mgmt_find(buf + 12, w.len - 12, MGMT_T_CTL_SIG, NULL));
}

static void test_policy_request_order(void **state)
{
	static const char *const stop[] = { "linux-b", "red" };
	struct ctl_policy_req p = { (const u8 *)"POLICY", (const u8 *)"SIG", 6, 3, MGMT_F_STOP_CONFLICTING, stop, 2 };
	static const u16 order[] = { MGMT_T_OP, MGMT_T_POLICY, MGMT_T_POLICY_SIG, MGMT_T_FLAGS, MGMT_T_VM, MGMT_T_VM,
				     MGMT_T_CHALLENGE, MGMT_T_CTL_SIG };
	static u8 want[1024];
	struct mgmt_wr w;
	char err[128];
	u32 off = 0, n, vl, i = 0, at;
	u16 tag;
	const u8 *v;
	FILE *k = fopen("/tmp/ctl-test-op2.key", "w");
	(void)state;
	fclose(k);
	ctl_req_policy(&w, buf, sizeof(buf), &p, chal);
	assert_int_equal(ctl_req_sign(&w, "/tmp/ctl-test-op2.key", err, sizeof(err)), 0);
	n = mgmt_end(&w);
	while (ctl_item_next(buf + 12, n - 12, &off, &tag, &v, &vl)) {
		assert_true(i < 8);
		assert_int_equal(tag, order[i++]);
	}
	assert_int_equal(i, 8);
	at = tlv(want, 0, MGMT_T_OP, "\0\0\0\x14", 4);
	at = tlv(want, at, MGMT_T_POLICY, "POLICY", 6);
	at = tlv(want, at, MGMT_T_POLICY_SIG, "SIG", 3);
	at = tlv(want, at, MGMT_T_FLAGS, "\0\0\0\1", 4);
	at = tlv(want, at, MGMT_T_VM, "linux-b", 7);
	at = tlv(want, at, MGMT_T_VM, "red", 3);
	at = tlv(want, at, MGMT_T_CHALLENGE, chal, 32);
	assert_memory_equal(buf + 12, want, at);
	unlink("/tmp/ctl-test-op2.key");
}

static void test_name_rules(void **state)
{
	(void)state;
	assert_true(ctl_name_ok("linux-a"));
	assert_true(ctl_name_ok("abcdefghijklmnopqrstuvwxyz01234")); /* 31 */
	assert_false(ctl_name_ok("abcdefghijklmnopqrstuvwxyz012345")); /* 32 */
	assert_false(ctl_name_ok(""));
	assert_false(ctl_name_ok("a b"));
	assert_false(ctl_name_ok("a\tb"));
	assert_false(ctl_name_ok("caf\xc3\xa9"));
}

/* ---- answers */

static void test_rsp_status_and_text(void **state)
{
	struct ctl_rsp r;
	u32 at;
	(void)state;
	at = tlv(buf, 0, MGMT_T_STATUS, "\0\0\0\x08", 4);
	at = tlv(buf, at, MGMT_T_TEXT, "no VM 'x'\n\x1b[31m", 15);
	assert_null(ctl_rsp_parse(MGMT_ERROR, buf, at, &r));
	assert_int_equal(r.status, MGMT_S_NO_SUCH_VM);
	assert_string_equal(r.text, "no VM 'x'??[31m"); /* a terminal escape never reaches the terminal */
	assert_string_equal(ctl_status_name(r.status), "no such VM");
	assert_string_equal(ctl_status_name(999), "unknown status");
}

static void test_rsp_malformed(void **state)
{
	struct ctl_rsp r;
	u32 at;
	(void)state;
	at = tlv(buf, 0, MGMT_T_TEXT, "x", 1);
	assert_string_equal(ctl_rsp_parse(MGMT_CTL_RSP, buf, at, &r), "no status item");
	at = tlv(buf, 0, MGMT_T_STATUS, "\0\0\0", 3);
	assert_string_equal(ctl_rsp_parse(MGMT_CTL_RSP, buf, at, &r), "status item is not 4 bytes");
	at = tlv(buf, 0, MGMT_T_STATUS, "\0\0\0\0", 4);
	assert_string_equal(ctl_rsp_parse(MGMT_ERROR, buf, at, &r), "an error frame with status ok");
	assert_non_null(ctl_rsp_parse(MGMT_CTL_RSP, buf, at - 1, &r)); /* items do not tile */
	assert_null(ctl_rsp_parse(MGMT_CHALLENGE_RSP, buf, 0, &r));	/* a challenge answer has no status */
}

static void test_kv_vm_info(void **state)
{
	static const char t[] = "name=linux-a label=green state=stopped vcpus=2 memory_mib=256 uptime_ms=61500 exits=12 "
				"end=exited with code 3";
	struct kv kv;
	(void)state;
	assert_int_equal(kv_parse((const u8 *)t, sizeof(t) - 1, "end", &kv), 0);
	assert_int_equal(kv.n, 8);
	assert_string_equal(kv_get(&kv, "name", "-"), "linux-a");
	assert_string_equal(kv_get(&kv, "memory_mib", "-"), "256");
	assert_string_equal(kv_get(&kv, "end", "-"), "exited with code 3");
	assert_string_equal(kv_get(&kv, "nosuch", "-"), "-");
	assert_int_equal(kv_parse((const u8 *)"name=a bogus", 12, "end", &kv), -1);
	assert_int_equal(kv_parse((const u8 *)"=a", 2, "end", &kv), -1);
	assert_int_equal(kv_parse((const u8 *)"Name=a", 6, "end", &kv), -1);
	assert_int_equal(kv_parse((const u8 *)"a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=1 k=1 l=1 m=1 n=1 o=1 p=1 q=1", 67,
				  "end", &kv), -1); /* 17 fields */
	assert_int_equal(kv_parse((const u8 *)"", 0, "end", &kv), 0);
	assert_int_equal(kv.n, 0);
}

static void test_audit_line(void **state)
{
	static const char h[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char rec[400];
	struct audit_line a;
	(void)state;
	snprintf(rec, sizeof(rec), "seq=300 t=9 op=ctl subj=operator/- obj=vm:web/green decision=ok hash=%s", h);
	assert_null(audit_line_parse((const u8 *)rec, (u32)strlen(rec), &a));
	assert_int_equal(a.seq, 300);
	assert_string_equal(a.text, "seq=300 t=9 op=ctl subj=operator/- obj=vm:web/green decision=ok");
	assert_string_equal(a.hash, h);
	snprintf(rec, sizeof(rec), "seq=1 t=9 op=ctl hash=%.63s", h);
	assert_non_null(audit_line_parse((const u8 *)rec, (u32)strlen(rec), &a));
	snprintf(rec, sizeof(rec), "seq=1 t=9 op=ctl hash=%.63sG", h);
	assert_non_null(audit_line_parse((const u8 *)rec, (u32)strlen(rec), &a));
	snprintf(rec, sizeof(rec), "t=9 op=ctl hash=%s", h);
	assert_non_null(audit_line_parse((const u8 *)rec, (u32)strlen(rec), &a));
	snprintf(rec, sizeof(rec), "seq=x t=9 hash=%s", h);
	assert_non_null(audit_line_parse((const u8 *)rec, (u32)strlen(rec), &a));
}

/* ---- output */

static char *mem;
static size_t mem_len;

static void test_json_escaping(void **state)
{
	FILE *f = open_memstream(&mem, &mem_len);
	(void)state;
	json_str(f, "a\"b\\c\nd\x01\x7f\xc3", 10);
	fputc(' ', f);
	json_num_or_str(f, "42");
	fputc(' ', f);
	json_num_or_str(f, "042");
	fputc(' ', f);
	json_num_or_str(f, "18446744073709551616");
	fputc(' ', f);
	json_num_or_str(f, "");
	fclose(f);
	assert_string_equal(mem, "\"a\\\"b\\\\c\\nd\\u0001??\" 42 \"042\" \"18446744073709551616\" \"\"");
	free(mem);
	assert_true(json_is_u64("0"));
	assert_true(json_is_u64("18446744073709551615"));
	assert_false(json_is_u64("-1"));
}

static u32 vm_info_rsp(u8 *p)
{
	static const char a[] = "name=web label=gr\"een state=running vcpus=1 memory_mib=16 uptime_ms=3723004 exits=99 end=-";
	static const char b[] = "name=db label=blue state=stopped vcpus=2 memory_mib=256 uptime_ms=4250 exits=7 end=exited with code 0";
	u32 at = tlv(p, 0, MGMT_T_STATUS, "\0\0\0\0", 4);
	at = tlv(p, at, MGMT_T_VM_INFO, a, sizeof(a) - 1);
	at = tlv(p, at, 999, "ignored", 7);
	return tlv(p, at, MGMT_T_VM_INFO, b, sizeof(b) - 1);
}

static void test_list_table_and_json(void **state)
{
	struct ctl_rsp r;
	FILE *f;
	(void)state;
	assert_null(ctl_rsp_parse(MGMT_CTL_RSP, buf, vm_info_rsp(buf), &r));
	f = open_memstream(&mem, &mem_len);
	assert_null(print_list(f, &r, false));
	fclose(f);
	assert_contains(mem, "NAME             LABEL        STATE      VCPUS  MEMORY     UPTIME      EXITS  END\n");
	assert_contains(mem, "web              gr\"een       running        1     16M   1h02m03s         99  -\n");
	assert_contains(mem, "db               blue         stopped        2    256M     4.250s          7  exited with code 0\n");
	free(mem);
	f = open_memstream(&mem, &mem_len);
	assert_null(print_list(f, &r, true));
	fclose(f);
	assert_string_equal(mem, "[{\"name\":\"web\",\"label\":\"gr\\\"een\",\"state\":\"running\",\"vcpus\":1,\"memory_mib\":16,"
				 "\"uptime_ms\":3723004,\"exits\":99,\"end\":\"-\"},{\"name\":\"db\",\"label\":\"blue\",\"state\":"
				 "\"stopped\",\"vcpus\":2,\"memory_mib\":256,\"uptime_ms\":4250,\"exits\":7,\"end\":\"exited with "
				 "code 0\"}]\n");
	free(mem);
}

static void test_list_malformed_prints_nothing(void **state)
{
	struct ctl_rsp r;
	FILE *f;
	u32 at = tlv(buf, 0, MGMT_T_STATUS, "\0\0\0\0", 4);
	(void)state;
	at = tlv(buf, at, MGMT_T_VM_INFO, "name=a", 6);
	at = tlv(buf, at, MGMT_T_VM_INFO, "garbage here", 12);
	assert_null(ctl_rsp_parse(MGMT_CTL_RSP, buf, at, &r));
	f = open_memstream(&mem, &mem_len);
	assert_non_null(print_list(f, &r, false));
	fclose(f);
	assert_int_equal(mem_len, 0);
	free(mem);
}

static void test_policy_info_json(void **state)
{
	static const char t[] = "name=demo digest=ab12 serial=3 since_ms=1500 labels=green,blue,red";
	struct ctl_rsp r;
	FILE *f;
	u32 at = tlv(buf, 0, MGMT_T_STATUS, "\0\0\0\0", 4);
	(void)state;
	at = tlv(buf, at, MGMT_T_POLICY_INFO, t, sizeof(t) - 1);
	assert_null(ctl_rsp_parse(MGMT_CTL_RSP, buf, at, &r));
	f = open_memstream(&mem, &mem_len);
	assert_null(print_policy(f, &r, true));
	assert_null(print_policy(f, &r, false));
	fclose(f);
	assert_contains(mem, "{\"name\":\"demo\",\"digest\":\"ab12\",\"serial\":3,\"since_ms\":1500,"
			     "\"labels\":[\"green\",\"blue\",\"red\"]}\n");
	assert_contains(mem, "labels:  green,blue,red\n");
	assert_contains(mem, "loaded:  1.500s after boot\n");
	free(mem);
}

/* ---- argument errors: each exits 2 before anything is sent */

static const char *const bad_args[][12] = {
	{ NULL },
	{ "frobnicate", NULL },
	{ "start", NULL },
	{ "start", "a", "b", NULL },
	{ "--key", "k", "start", "abcdefghijklmnopqrstuvwxyz0123456789", NULL },
	{ "--key", "k", "start", "two words", NULL },
	{ "--socket", "/nonexistent", "start", "web", NULL }, /* signed without --key */
	{ "--timeout", "0", "list", NULL },
	{ "--timeout", "3601", "list", NULL },
	{ "--timeout", "x", "list", NULL },
	{ "audit", "--from", "-1", NULL },
	{ "audit", "--from", "12x", NULL },
	{ "list", "--follow", NULL },
	{ "start", "--serial", "1", "web", NULL },
	{ "policy", NULL },
	{ "policy", "sign", "p.bin", NULL }, /* no --key, no --serial */
	{ "--key", "k", "policy", "sign", "p.bin", NULL }, /* no --serial */
	{ "--key", "k", "policy", "load", NULL },
	{ "--key", "k", "--socket", "/nonexistent", "policy", "load", "--stop-conflicting", "a,,b", "p.bin", NULL },
	{ "--bogus", "list", NULL },
	{ "list", "--socket", NULL },
	{ "list", NULL }, /* no --socket and no CORDON_MGMT_SOCK */
};

static void test_bad_args(void **state)
{
	const char *const *args = *state;
	struct ctl_run r;
	run_ctl(&r, args);
	assert_int_equal(r.rc, 2);
	assert_contains(r.err, "cordon-ctl: ");
	assert_int_equal(r.out_len, 0);
	free_run(&r);
}

/* The exit status of --help is 0, and the usage goes to stdout. */
static void test_help(void **state)
{
	static const char *const args[] = { "--help", NULL };
	struct ctl_run r;
	(void)state;
	run_ctl(&r, args);
	assert_int_equal(r.rc, 0);
	assert_contains(r.out, "usage: cordon-ctl");
	free_run(&r);
}

int main(void)
{
	static struct unit_group g;
	static char label[sizeof(bad_args) / sizeof(bad_args[0])][200];
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_ro_requests_bytes),     cmocka_unit_test(test_signed_vm_request_bytes),
		cmocka_unit_test(test_sign_failure),	      cmocka_unit_test(test_policy_request_order),
		cmocka_unit_test(test_name_rules),	      cmocka_unit_test(test_rsp_status_and_text),
		cmocka_unit_test(test_rsp_malformed),	      cmocka_unit_test(test_kv_vm_info),
		cmocka_unit_test(test_audit_line),	      cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_list_table_and_json),   cmocka_unit_test(test_list_malformed_prints_nothing),
		cmocka_unit_test(test_policy_info_json),      cmocka_unit_test(test_help),
	};
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < sizeof(bad_args) / sizeof(bad_args[0]); i++) {
		int n = snprintf(label[i], sizeof(label[i]), "argument error exits 2:");
		for (size_t k = 0; bad_args[i][k]; k++)
			n += snprintf(label[i] + n, sizeof(label[i]) - (size_t)n, " %s", bad_args[i][k]);
		unit_add(&g, label[i], test_bad_args, (void *)bad_args[i]);
	}
	return unit_run("cordon-ctl", &g);
}
