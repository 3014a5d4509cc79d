/* cordon unit tests: cordon-ctl end to end against a scripted cordon on a UNIX socket (exit statuses, output, requests). */
/* sources: tools/ctl/cli.c tools/ctl/cmd_audit.c tools/ctl/cmd_local.c tools/ctl/cmd_policy.c tools/ctl/cmd_vm.c tools/ctl/json.c tools/ctl/print.c tools/ctl/request.c tools/ctl/response.c tools/ctl/session.c tools/attest/chan.c lib/mgmt/mgmt_frame.c lib/sha256.c lib/str.c -lpthread */
#include <time.h>
#include <tests/unit/unit.h>
#include <tests/unit/ctl_fake.h>

static const char key_path[] = "/tmp/ctl-chan-test-op.key";

/* Firmware noise and a MGMT_READY in front of the answer: both must be skipped. */
static u32 noisy(u8 *out, u32 n)
{
	static const char noise[] = "BdsDxe: loading Boot0001\r\nCMG";
	u8 ready[MGMT_HDR_SIZE + 4];
	struct mgmt_wr w;
	u32 r, k = sizeof(noise) - 1;
	mgmt_begin(&w, ready, sizeof(ready), MGMT_READY);
	r = mgmt_end(&w);
	memmove(out + k + r, out, n);
	memcpy(out, noise, k);
	memcpy(out + k, ready, r);
	return n + k + r;
}

static int answer_list(struct fake_ctl *f, u32 i, u16 type, const u8 *items, u32 len, u8 *out, u32 cap)
{
	static const char vm[] = "name=web label=green state=running vcpus=1 memory_mib=16 uptime_ms=1000 exits=5 end=-";
	u32 n;
	(void)f, (void)i, (void)items, (void)len;
	if (type != MGMT_CTL_REQ)
		return 0;
	n = answer_frame(out, cap, MGMT_CTL_RSP, 0, NULL);
	n = frame_add(out, n, MGMT_T_VM_INFO, vm, sizeof(vm) - 1);
	return (int)noisy(out, n);
}

static void test_list(void **state)
{
	struct fake_ctl f;
	struct ctl_run r;
	(void)state;
	fake_start(&f, answer_list, NULL);
	const char *const args[] = { "--socket", f.sock, "--json", "list", NULL };
	run_ctl(&r, args);
	fake_stop(&f);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "[{\"name\":\"web\",\"label\":\"green\",\"state\":\"running\",\"vcpus\":1,\"memory_mib\":16,"
				   "\"uptime_ms\":1000,\"exits\":5,\"end\":\"-\"}]\n");
	assert_int_equal(f.nreq, 1);
	assert_int_equal(f.req_len[0], 22); /* unsigned: one MGMT_T_OP item, no challenge asked for */
	free_run(&r);
}

/* A signed request: challenge first, then the request carrying that challenge; status and text per the script. */
struct vm_script {
	int status;
	const char *text;
};

static int answer_vm(struct fake_ctl *f, u32 i, u16 type, const u8 *items, u32 len, u8 *out, u32 cap)
{
	const struct vm_script *s = f->ctx;
	u32 n;
	(void)items, (void)len;
	if (i == 0 && type == MGMT_CHALLENGE_REQ) {
		n = answer_frame(out, cap, MGMT_CHALLENGE_RSP, -1, NULL);
		return (int)frame_add(out, n, MGMT_T_CHALLENGE, f->challenge, MGMT_CHALLENGE_LEN);
	}
	if (i == 1 && type == MGMT_CTL_REQ)
		return (int)answer_frame(out, cap, s->status ? MGMT_ERROR : MGMT_CTL_RSP, s->status, s->text);
	return 0;
}

static void check_signed_vm_request(const struct fake_ctl *f, u32 op, const char *name)
{
	const u8 *p = f->req[1] + MGMT_HDR_SIZE, *v;
	u32 len = f->req_len[1] - MGMT_HDR_SIZE, off = 0, vl, last_tag = 0, n;
	u8 got[MGMT_CHALLENGE_LEN], opb[4], digest[32];
	struct sha256_ctx c;
	u16 tag;
	assert_int_equal(f->nreq, 2);
	assert_int_equal(f->req[0][5], MGMT_CHALLENGE_REQ);
	assert_int_equal(f->req[1][5], MGMT_CTL_REQ);
	assert_true(mgmt_get(p, len, MGMT_T_CHALLENGE, got, sizeof(got), &n));
	assert_memory_equal(got, f->challenge, MGMT_CHALLENGE_LEN);
	assert_true(mgmt_get(p, len, MGMT_T_OP, opb, 4, &n));
	assert_int_equal(opb[3], op);
	assert_true(mgmt_get(p, len, MGMT_T_VM, got, sizeof(got), &n));
	assert_int_equal(n, strlen(name));
	assert_memory_equal(got, name, n);
	while (ctl_item_next(p, len, &off, &tag, &v, &vl))
		last_tag = tag;
	assert_int_equal(last_tag, MGMT_T_CTL_SIG);
	sha256_init(&c);
	sha256_update(&c, MGMT_CTL_DOMAIN, strlen(MGMT_CTL_DOMAIN));
	sha256_update(&c, f->req[1] + 4, 2);
	sha256_update(&c, p, len - 6 - 384);
	sha256_final(&c, digest);
	assert_memory_equal(fake_signed, digest, 32);
}

static void key_file(void)
{
	FILE *k = fopen(key_path, "w");
	fputs("fake", k);
	fclose(k);
}

static void test_stop_ok(void **state)
{
	struct vm_script s = { 0, "stopping 'web': power button pressed" };
	struct fake_ctl f;
	struct ctl_run r;
	(void)state;
	key_file();
	fake_start(&f, answer_vm, &s);
	const char *const args[] = { "--socket", f.sock, "--key", key_path, "stop", "web", NULL };
	run_ctl(&r, args);
	fake_stop(&f);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "stopping 'web': power button pressed\n");
	check_signed_vm_request(&f, MGMT_OP_STOP, "web");
	free_run(&r);
}

static void test_start_refused(void **state)
{
	struct vm_script s = { MGMT_S_NO_SUCH_VM, "no VM named 'nope'" };
	struct fake_ctl f;
	struct ctl_run r;
	(void)state;
	key_file();
	fake_start(&f, answer_vm, &s);
	const char *const args[] = { "--socket", f.sock, "--key", key_path, "start", "nope", NULL };
	run_ctl(&r, args);
	fake_stop(&f);
	assert_int_equal(r.rc, 1);
	assert_contains(r.err, "cordon-ctl: cordon refused start nope: no such VM: no VM named 'nope'");
	check_signed_vm_request(&f, MGMT_OP_START, "nope");
	free_run(&r);
}

static void test_restart_refused_json(void **state)
{
	struct vm_script s = { MGMT_S_STALE, "the challenge was not the one issued" };
	struct fake_ctl f;
	struct ctl_run r;
	(void)state;
	key_file();
	fake_start(&f, answer_vm, &s);
	const char *const args[] = { "--socket", f.sock, "--key", key_path, "--json", "restart", "web", NULL };
	run_ctl(&r, args);
	fake_stop(&f);
	assert_int_equal(r.rc, 1);
	assert_string_equal(r.out, "{\"ok\":false,\"status\":7,\"status_name\":\"stale challenge\",\"text\":\"the challenge "
				   "was not the one issued\"}\n");
	free_run(&r);
}

/* A challenge refused (e.g. no operator key in boot.cfg): exit 1, no request sent. */
static int answer_no_challenge(struct fake_ctl *f, u32 i, u16 type, const u8 *items, u32 len, u8 *out, u32 cap)
{
	(void)f, (void)i, (void)type, (void)items, (void)len;
	return (int)answer_frame(out, cap, MGMT_ERROR, MGMT_S_UNAUTHENTICATED, "no operator key in boot.cfg");
}

static void test_challenge_refused(void **state)
{
	struct fake_ctl f;
	struct ctl_run r;
	(void)state;
	key_file();
	fake_start(&f, answer_no_challenge, NULL);
	const char *const args[] = { "--socket", f.sock, "--key", key_path, "destroy", "web", NULL };
	run_ctl(&r, args);
	fake_stop(&f);
	assert_int_equal(r.rc, 1);
	assert_int_equal(f.nreq, 1);
	assert_contains(r.err, "unauthenticated: no operator key in boot.cfg");
	free_run(&r);
}

/* Malformed answers are errors (2), not refusals. */
static int answer_bad(struct fake_ctl *f, u32 i, u16 type, const u8 *items, u32 len, u8 *out, u32 cap)
{
	(void)f, (void)i, (void)type, (void)items, (void)len;
	return (int)answer_frame(out, cap, MGMT_CTL_RSP, -1, "status missing");
}

static void test_malformed_answer(void **state)
{
	struct fake_ctl f;
	struct ctl_run r;
	(void)state;
	fake_start(&f, answer_bad, NULL);
	const char *const args[] = { "--socket", f.sock, "policy", "show", NULL };
	run_ctl(&r, args);
	fake_stop(&f);
	assert_int_equal(r.rc, 2);
	assert_contains(r.err, "malformed answer from cordon: no status item");
	free_run(&r);
}

/* A cordon that never answers: exit 2 after --timeout, not a hang. */
static int answer_silent(struct fake_ctl *f, u32 i, u16 type, const u8 *items, u32 len, u8 *out, u32 cap)
{
	(void)f, (void)i, (void)type, (void)items, (void)len, (void)out, (void)cap;
	return -1;
}

static void test_timeout(void **state)
{
	struct fake_ctl f;
	struct ctl_run r;
	struct timespec t0, t1;
	(void)state;
	fake_start(&f, answer_silent, NULL);
	const char *const args[] = { "--socket", f.sock, "--timeout", "1", "list", NULL };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_ctl(&r, args);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fake_stop(&f);
	assert_int_equal(r.rc, 2);
	assert_contains(r.err, "no answer from cordon within 1 s");
	assert_true(t1.tv_sec - t0.tv_sec <= 3);
	free_run(&r);
}

/* ---- audit: the ring holds [first, next); the script hands out batches of at most 3 */

struct ring {
	u64 first, next;
	bool bad_seq; /* answer with a record out of order */
};

static void rec_text(char *out, size_t cap, u64 seq)
{
	snprintf(out, cap, "seq=%llu t=%llu op=ctl subj=anyone/- obj=op:list/- decision=ok hash=%064llx",
		 (unsigned long long)seq, (unsigned long long)seq * 10, (unsigned long long)seq);
}

static int answer_audit(struct fake_ctl *f, u32 i, u16 type, const u8 *items, u32 len, u8 *out, u32 cap)
{
	struct ring *g = f->ctx;
	u64 want, from;
	u32 n, k = 0;
	char t[256];
	(void)i;
	if (type != MGMT_CTL_REQ || !ctl_get_u64(items, len, MGMT_T_SEQ, &want))
		return 0;
	if (i >= 6)
		return 0; /* then the channel closes */
	n = answer_frame(out, cap, MGMT_CTL_RSP, 0, NULL);
	n = frame_add_u64(out, n, MGMT_T_AUDIT_FIRST, g->first);
	from = want < g->first ? g->first : want;
	for (u64 s = from; s < g->next && k < 3; s++, k++) {
		rec_text(t, sizeof(t), g->bad_seq && k == 1 ? s + 1 : s);
		n = frame_add(out, n, MGMT_T_AUDIT_REC, t, (u32)strlen(t));
	}
	return (int)frame_add_u64(out, n, MGMT_T_SEQ, from + k);
}

static void test_audit_gap(void **state)
{
	struct ring g = { 300, 305, false };
	struct fake_ctl f;
	struct ctl_run r;
	char line[256];
	(void)state;
	fake_start(&f, answer_audit, &g);
	const char *const args[] = { "--socket", f.sock, "audit", "--from", "290", NULL };
	run_ctl(&r, args);
	fake_stop(&f);
	assert_int_equal(r.rc, 0);
	assert_contains(r.out, "cordon-ctl: audit gap: records 290..299 were overwritten before they were read\n");
	for (u64 s = 300; s < 305; s++) {
		char want[300];
		rec_text(line, sizeof(line), s);
		snprintf(want, sizeof(want), "cordon: audit %s\n", line);
		assert_contains(r.out, want);
	}
	assert_null(strstr(r.out, "seq=305"));
	assert_int_equal(f.nreq, 3); /* 300-302, 303-304, then an empty batch: caught up */
	free_run(&r);
}

static void test_audit_json_from_start(void **state)
{
	struct ring g = { 0, 2, false };
	struct fake_ctl f;
	struct ctl_run r;
	(void)state;
	fake_start(&f, answer_audit, &g);
	const char *const args[] = { "--socket", f.sock, "--json", "audit", NULL };
	run_ctl(&r, args);
	fake_stop(&f);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "{\"seq\":0,\"text\":\"seq=0 t=0 op=ctl subj=anyone/- obj=op:list/- decision=ok\",\"hash\":\""
				   "0000000000000000000000000000000000000000000000000000000000000000\"}\n"
				   "{\"seq\":1,\"text\":\"seq=1 t=10 op=ctl subj=anyone/- obj=op:list/- decision=ok\",\"hash\":\""
				   "0000000000000000000000000000000000000000000000000000000000000001\"}\n");
	free_run(&r);
}

/* --follow polls when caught up and ends when the channel closes (exit 2, said). */
static void test_audit_follow_until_close(void **state)
{
	struct ring g = { 0, 4, false };
	struct fake_ctl f;
	struct ctl_run r;
	(void)state;
	fake_start(&f, answer_audit, &g);
	const char *const args[] = { "--socket", f.sock, "audit", "--follow", NULL };
	run_ctl(&r, args);
	fake_stop(&f);
	assert_int_equal(r.rc, 2);
	assert_contains(r.out, "seq=3 t=30");
	assert_contains(r.err, "closed the channel");
	assert_int_equal(f.nreq, 7); /* 0-2, 3, then empty polls until the script closes at the 7th */
	free_run(&r);
}

static void test_audit_out_of_order(void **state)
{
	struct ring g = { 0, 5, true };
	struct fake_ctl f;
	struct ctl_run r;
	(void)state;
	fake_start(&f, answer_audit, &g);
	const char *const args[] = { "--socket", f.sock, "audit", NULL };
	run_ctl(&r, args);
	fake_stop(&f);
	assert_int_equal(r.rc, 2);
	assert_contains(r.err, "record seq 2 where 1 was due");
	free_run(&r);
}

/* ---- policy sign then load: the envelope, and the load request carrying it */

static int answer_policy(struct fake_ctl *f, u32 i, u16 type, const u8 *items, u32 len, u8 *out, u32 cap)
{
	u32 n;
	(void)items, (void)len;
	if (i == 0 && type == MGMT_CHALLENGE_REQ) {
		n = answer_frame(out, cap, MGMT_CHALLENGE_RSP, -1, NULL);
		return (int)frame_add(out, n, MGMT_T_CHALLENGE, f->challenge, MGMT_CHALLENGE_LEN);
	}
	return (int)answer_frame(out, cap, MGMT_CTL_RSP, 0, "policy 'next' loaded: 1 binding revoked");
}

static void test_policy_sign_and_load(void **state)
{
	static const char pol[] = "/tmp/ctl-chan-test-policy.bin";
	u8 env[64 + 384], want_digest[32], psha[32], *p;
	struct sha256_ctx c;
	struct fake_ctl f;
	struct ctl_run r;
	u32 len, n;
	FILE *fp = fopen(pol, "wb");
	(void)state;
	fputs("binary policy bytes", fp);
	fclose(fp);
	key_file();
	const char *const sign[] = { "policy", "sign", "--key", key_path, "--serial", "258", pol, NULL };
	run_ctl(&r, sign);
	assert_int_equal(r.rc, 0);
	assert_contains(r.out, "wrote /tmp/ctl-chan-test-policy.bin.sig: serial 258");
	free_run(&r);
	fp = fopen("/tmp/ctl-chan-test-policy.bin.sig", "rb");
	n = (u32)fread(env, 1, sizeof(env), fp);
	fclose(fp);
	assert_int_equal(n, 46 + 384);
	assert_memory_equal(env, "CPS1\0\0\0\0\0\0\1\2", 12);
	sha256("binary policy bytes", 19, psha);
	assert_memory_equal(env + 12, psha, 32);
	assert_memory_equal(env + 44, "\1\x80", 2);
	sha256_init(&c);
	sha256_update(&c, "cordon-policy-v1", 16);
	sha256_update(&c, env + 4, 8);
	sha256_update(&c, psha, 32);
	sha256_final(&c, want_digest);
	assert_memory_equal(fake_signed, want_digest, 32);

	fake_start(&f, answer_policy, NULL);
	const char *const load[] = { "--socket", f.sock, "--key", key_path, "policy", "load", "--stop-conflicting",
				     "linux-b,red", pol, NULL };
	run_ctl(&r, load);
	fake_stop(&f);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "policy 'next' loaded: 1 binding revoked\n");
	assert_int_equal(f.nreq, 2);
	p = f.req[1] + MGMT_HDR_SIZE;
	len = f.req_len[1] - MGMT_HDR_SIZE;
	const u8 *v = mgmt_find(p, len, MGMT_T_POLICY_SIG, &n);
	assert_non_null(v);
	assert_int_equal(n, 46 + 384);
	assert_memory_equal(v, env, n);
	v = mgmt_find(p, len, MGMT_T_FLAGS, &n);
	assert_memory_equal(v, "\0\0\0\1", 4);
	v = mgmt_find(p, len, MGMT_T_POLICY, &n);
	assert_int_equal(n, 19);
	free_run(&r);
	unlink("/tmp/ctl-chan-test-policy.bin.sig");
	unlink(pol);
}

/* A .sig that signs another policy is caught before anything is sent. */
static void test_policy_load_wrong_sig(void **state)
{
	static const char a[] = "/tmp/ctl-chan-test-a.bin", b[] = "/tmp/ctl-chan-test-b.bin";
	struct fake_ctl f;
	struct ctl_run r;
	FILE *fp;
	(void)state;
	key_file();
	fp = fopen(a, "wb"), fputs("policy A", fp), fclose(fp);
	fp = fopen(b, "wb"), fputs("policy B", fp), fclose(fp);
	const char *const sign[] = { "--key", key_path, "policy", "sign", "--serial", "1", a, NULL };
	run_ctl(&r, sign);
	assert_int_equal(r.rc, 0);
	free_run(&r);
	fake_start(&f, answer_policy, NULL);
	const char *const load[] = { "--socket", f.sock, "--key", key_path, "policy", "load", "--sig",
				     "/tmp/ctl-chan-test-a.bin.sig", b, NULL };
	run_ctl(&r, load);
	fake_stop(&f);
	assert_int_equal(r.rc, 2);
	assert_contains(r.err, "signs another policy");
	assert_int_equal(f.nreq, 0);
	free_run(&r);
	unlink("/tmp/ctl-chan-test-a.bin.sig");
	unlink(a);
	unlink(b);
}

static void test_keygen_prints_key_id(void **state)
{
	u8 d[32];
	char id[80];
	struct ctl_run r;
	(void)state;
	const char *const args[] = { "keygen", "/tmp/ctl-chan-test-kg", NULL };
	run_ctl(&r, args);
	assert_int_equal(r.rc, 0);
	sha256("CPK1 fake public key", 20, d);
	for (int i = 0; i < 32; i++)
		sprintf(id + 2 * i, "%02x", d[i]);
	assert_contains(r.out, id);
	free_run(&r);
	unlink("/tmp/ctl-chan-test-kg.pub");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_stop_ok),
		cmocka_unit_test(test_start_refused),
		cmocka_unit_test(test_restart_refused_json),
		cmocka_unit_test(test_challenge_refused),
		cmocka_unit_test(test_malformed_answer),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_audit_gap),
		cmocka_unit_test(test_audit_json_from_start),
		cmocka_unit_test(test_audit_follow_until_close),
		cmocka_unit_test(test_audit_out_of_order),
		cmocka_unit_test(test_policy_sign_and_load),
		cmocka_unit_test(test_policy_load_wrong_sig),
		cmocka_unit_test(test_keygen_prints_key_id),
	};
	int rc = cmocka_run_group_tests_name("cordon-ctl over a channel", tests, NULL, NULL);
	unlink(key_path);
	fake_release();
	return rc;
}
