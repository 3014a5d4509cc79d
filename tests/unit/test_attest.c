/* cordon unit tests: cordon-attest end to end against a fake cordon on swtpm: trusted, replayed, edited, refused. */
/* runs: cordon-attest */
/* sources: tools/attest/chan.c tools/attest/crypto.c tools/attest/der.c tools/attest/evidence.c tools/attest/makecred.c tools/attest/online.c tools/attest/report.c tools/attest/verify_id.c tools/attest/verify_quote.c tools/attest/x509.c tools/attest/x509_chain.c tools/refvals.c tools/refvals_parse.c tools/refvals_match.c tools/refvals_rt.c tools/tpm_sock.c lib/mgmt/mgmt_frame.c lib/tcg/tcglog.c lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_keys.c lib/tpm2/tpm2_pcr.c lib/tpm2/tpm2_attest.c lib/tpm2/tpm2_parse.c lib/tpm2/tpm2_rc.c lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/tcg/measure_ev.c lib/sha256.c lib/fmt.c lib/str.c -lpthread */
#include <tools/attest/online.h> /* before sha256.h: it includes <tomcrypt.h> */
#include <tests/unit/unit.h>
#include <lib/sha256.h>
#include <tests/unit/attest_server.h>

static struct tpm_fixture tpm;
static struct fake_cordon fake;
static struct refvals ref;
static struct x509_bundle ca;
static bool up;
static u8 nonce[32];
static char good[160], ref_path[160], ca_path[256];

static int setup(void **state)
{
	(void)state;
	if (crypto_init() < 0 || fixture_up(&tpm) < 0)
		return 0; /* every test skips */
	fake.tpm = &tpm;
	fake_ref(&fake, &ref, ref_path, sizeof(ref_path));
	fake_ca(&ca, ca_path, sizeof(ca_path));
	fake_boot(&fake, &ref);
	snprintf(good, sizeof(good), "%s/good.evidence", tpm.dir);
	up = true;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	x509_bundle_free(&ca);
	fixture_down(&tpm);
	return 0;
}

static struct verify_in inputs(const u8 *n, u32 n_len)
{
	return (struct verify_in){ .ca = &ca, .ref = &ref, .nonce = n, .nonce_len = n_len, .now = time(NULL) };
}

/* One online run against the fake; the evidence is kept in e. */
static void run_online(struct evidence *e, struct report *r, struct verify_in *in)
{
	struct chan c;
	char err[256];
	fake_start(&fake);
	assert_int_equal(chan_open(&c, fake.sock, 10, err, sizeof(err)), 0);
	evidence_init(e);
	memset(r, 0, sizeof(*r));
	if (online_attest(&c, in, e, r, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	chan_close(&c);
	fake_stop(&fake);
}

/* The offline checks of an evidence file; the report stays valid until the next call. */
static const struct report *run_offline(const char *path, struct verify_in in)
{
	static struct evidence e;
	static struct report r;
	struct verify_keys k;
	char err[256];
	if (evidence_load(&e, path, err, sizeof(err)))
		fail_msg("%s", err);
	memset(&r, 0, sizeof(r));
	verify_identity(&e, &in, &k, &r);
	verify_activation(&e, &k, &r);
	verify_quote(&e, &in, &k, &r);
	evidence_free(&e);
	return &r;
}

/* An online run with one of the fake's misbehaviours switched on; it must not be trusted. */
static const struct report *misbehaving(bool *flag)
{
	static struct evidence e;
	static struct report r;
	struct verify_in in = inputs(NULL, 0);
	*flag = true;
	run_online(&e, &r, &in);
	*flag = false;
	evidence_free(&e);
	assert_false(report_trusted(&r));
	return &r;
}

static const char *detail(const struct report *r, const char *name)
{
	for (u32 i = 0; i < r->nchecks; i++)
		if (!strcmp(r->checks[i].name, name))
			return r->checks[i].detail;
	return "";
}

static void test_online_trusted(void **state)
{
	(void)state;
	static struct evidence e;
	static struct report r;
	if (!up)
		skip();
	assert_int_equal(crypto_random(nonce, sizeof(nonce)), 0);
	struct verify_in in = inputs(nonce, sizeof(nonce));
	run_online(&e, &r, &in);
	if (!report_trusted(&r)) {
		report_text(stderr, &r);
		fail_msg("not trusted");
	}
	assert_string_equal(r.summary, "hypervisor, boot.cfg, runtime events and each guest (alpha, bravo) match the reference values");
	assert_int_equal(r.fw_events, 8 + 2 * 2 + 2); /* firmware, per VM image and config, hypervisor, boot.cfg */
	assert_int_equal(evidence_save(&e, good), 0);
	evidence_free(&e);
}

static void test_offline_same_nonce_trusted(void **state)
{
	(void)state;
	if (!up)
		skip();
	const struct report *r = run_offline(good, inputs(nonce, sizeof(nonce)));
	assert_true(report_trusted(r));
	assert_non_null(strstr(detail(r, "activation"), "as recorded in the evidence file"));
}

/* An old quote replayed to a new nonce. */
static void test_offline_other_nonce(void **state)
{
	(void)state;
	u8 other[32];
	if (!up)
		skip();
	memcpy(other, nonce, sizeof(other));
	other[0] ^= 1;
	const struct report *r = run_offline(good, inputs(other, sizeof(other)));
	assert_false(report_trusted(r));
	assert_string_equal(detail(r, "fresh"), "quote not fresh: answered to another nonce");
}

static void expect_replay_mismatch(const char *path)
{
	const struct report *r = run_offline(path, inputs(nonce, sizeof(nonce)));
	assert_false(report_trusted(r));
	const char *d = detail(r, "log-replay");
	if (strncmp(d, "event log does not match the quote (edited or truncated): supplied firmware log (", 81))
		fail_msg("log-replay: %s", d);
}

static void test_offline_edited_logs(void **state)
{
	(void)state;
	char path[200];
	u8 fw[FAKE_LOG];
	if (!up)
		skip();
	snprintf(path, sizeof(path), "%s/edited.evidence", tpm.dir);
	/* the runtime log without its last event (a vm-start of 4+4+4+2+32+4+data bytes) */
	u32 last = TCGLOG_EVENT_SIZE(strlen("cordon vm-start name=bravo label=- image=") + 64);
	fake_edit_quote(good, path, MGMT_T_RT_LOG, fake.rt, fake.rt_len - last);
	expect_replay_mismatch(path);
	/* one digest byte of the last firmware-log event changed */
	memcpy(fw, fake.fw, fake.fw_len);
	fw[fake.fw_len - 1 - strlen(ref.load[ref.nload - 1].data) - 4] ^= 1;
	fake_edit_quote(good, path, MGMT_T_FW_LOG, fw, fake.fw_len);
	expect_replay_mismatch(path);
}

static void test_offline_wrong_ca(void **state)
{
	(void)state;
	struct x509_bundle only_intermediate = { .n = 1, .certs = &ca.certs[1] };
	if (!up)
		skip();
	struct verify_in in = inputs(nonce, sizeof(nonce));
	in.ca = &only_intermediate;
	const struct report *r = run_offline(good, in);
	assert_false(report_trusted(r));
	assert_non_null(strstr(detail(r, "ek-cert"), "EK certificate does not chain to the CA bundle: certificate \"swtpm-localca\": issuer"));
}

/* A guest image that is not the one the reference names: the finding names the VM. */
static void test_offline_reference_mismatch(void **state)
{
	(void)state;
	static struct refvals changed;
	bool named = false;
	if (!up)
		skip();
	changed = ref;
	for (u32 i = 0; i < changed.nload; i++)
		if (changed.load[i].kind == REF_GUEST_IMAGE && changed.load[i].vm == 1)
			changed.load[i].digest[0] ^= 1;
	struct verify_in in = inputs(nonce, sizeof(nonce));
	in.ref = &changed;
	const struct report *r = run_offline(good, in);
	assert_false(report_trusted(r));
	for (u32 i = 0; i < r->nfindings; i++)
		named |= !strcmp(r->findings[i].severity, "error") && !strcmp(r->findings[i].component, "vm:bravo");
	assert_true(named);
}

static void test_online_wrong_credential(void **state)
{
	(void)state;
	if (!up)
		skip();
	const struct report *r = misbehaving(&fake.wrong_cred);
	assert_string_equal(detail(r, "activation"), "AK is not certified by the EK: the TPM returned another credential");
}

/* A pinned certificate is chain-checked and must carry the EK: here the CA's own certificate does not. */
static void test_offline_pinned_certificate(void **state)
{
	(void)state;
	if (!up)
		skip();
	struct verify_in in = inputs(nonce, sizeof(nonce));
	in.ek_cert = ca.certs[1].der;
	in.ek_cert_len = ca.certs[1].der_len;
	const struct report *r = run_offline(good, in);
	assert_false(report_trusted(r));
	assert_string_equal(detail(r, "ek-cert"),
			    "pinned EK certificate chains to the CA bundle: swtpm-localca <- swtpm-localca-rootca");
	assert_string_equal(detail(r, "ek-public"),
			    "EK public area does not match the EK certificate (different RSA modulus or exponent)");
}

static void test_online_quote_refused(void **state)
{
	(void)state;
	if (!up)
		skip();
	const struct report *r = misbehaving(&fake.refuse_quote);
	assert_true(report_ok(r, "activation"));
	assert_string_equal(detail(r, "signature"), "signature: cordon refused the quote: no TPM (cordon booted unmeasured): test");
}

static char tool_path[200];

/* Runs the built tool; returns its exit status and the first out_cap bytes of stdout+stderr. */
static int tool(char *out, size_t out_cap, const char *args)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "%s --ca %s --ref %s %s 2>&1", tool_path, ca_path, ref_path, args);
	FILE *p = popen(cmd, "r");
	size_t n = fread(out, 1, out_cap - 1, p);
	out[n] = 0;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The tool's exit status must be want; shows its output when it is not. */
static void expect_tool(int want, char *out, size_t cap, const char *args)
{
	int got = tool(out, cap, args);
	if (got != want)
		fail_msg("cordon-attest %s: exit %d, not %d:\n%s", args, got, want, out);
}

static void hex(const u8 *b, u32 n, char *out)
{
	for (u32 i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void test_command_line(void **state)
{
	(void)state;
	char out[8192], args[512], h[65], sock[100];
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(tool_path, sizeof(tool_path), "%s/tools/cordon-attest", getenv("B") ? getenv("B") : "build");
	if (!up || access(tool_path, X_OK) != 0)
		skip(); /* `make all` builds the tool; `make unit` alone does not */
	hex(nonce, sizeof(nonce), h);
	snprintf(args, sizeof(args), "--evidence %s --nonce %s", good, h);
	expect_tool(0, out, sizeof(out), args);
	assert_non_null(strstr(out, "platform TRUSTED — firmware log replayed (14 events), hypervisor, boot.cfg, runtime "
				    "events and each guest (alpha, bravo) match the reference values; quote fresh; AK "
				    "certified by the TPM's EK\n"));
	strcat(args, " --json");
	expect_tool(0, out, sizeof(out), args);
	static const char json[] = "{\"verdict\":\"trusted\",\"checks\":[{\"name\":\"ek-cert\",\"ok\":true,";
	assert_int_equal(strncmp(out, json, sizeof(json) - 1), 0);
	h[0] = h[0] == '0' ? '1' : '0';
	snprintf(args, sizeof(args), "--evidence %s --nonce %s", good, h);
	expect_tool(1, out, sizeof(out), args);
	assert_non_null(strstr(out, "platform UNTRUSTED\n  - quote not fresh: answered to another nonce\n"));
	/* a channel that accepts and never answers */
	snprintf(sock, sizeof(sock), "%s/silent.sock", tpm.dir);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", sock);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 1), 0);
	snprintf(args, sizeof(args), "--socket %s --timeout 1", sock);
	expect_tool(2, out, sizeof(out), args);
	snprintf(args, sizeof(args), "cordon-attest: no answer from cordon within 1 s on %s\n", sock);
	assert_string_equal(out, args);
	close(fd);
	expect_tool(2, out, sizeof(out), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_online_trusted),
		cmocka_unit_test(test_offline_same_nonce_trusted),
		cmocka_unit_test(test_offline_other_nonce),
		cmocka_unit_test(test_offline_edited_logs),
		cmocka_unit_test(test_offline_wrong_ca),
		cmocka_unit_test(test_offline_reference_mismatch),
		cmocka_unit_test(test_online_wrong_credential),
		cmocka_unit_test(test_offline_pinned_certificate),
		cmocka_unit_test(test_online_quote_refused),
		cmocka_unit_test(test_command_line),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
