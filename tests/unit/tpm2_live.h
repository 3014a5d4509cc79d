/* cordon unit tests: throwaway swtpm TPMs for the live TPM tests, and test-only TPM commands. */
#ifndef CORDON_TESTS_UNIT_TPM2_LIVE_H
#define CORDON_TESTS_UNIT_TPM2_LIVE_H
#include <unistd.h>

#define LIVE_TIMEOUT_MS 20000 /* an RSA-2048 primary takes swtpm well under a second */

struct live_tpm {
	char dir[128], sock[160];
	struct tpm_sock s;
	struct tpm_dev dev;
	struct tpm2_pub ek_pub, ak_pub;
	bool up;
};

static struct {
	char tmp[64], tool[256];
	bool missing; /* no swtpm on this machine: every test skips */
	struct live_tpm a, b;
} live;

/* Asserts TPM2_OK, naming the response code otherwise. */
#define ok(expr)                                                                              \
	do {                                                                                  \
		u32 rc_ = (expr);                                                             \
		if (rc_ != TPM2_OK)                                                           \
			fail_msg("%s: 0x%x %s (%s)", #expr, rc_, tpm2_rc_str(rc_), live.a.s.err); \
	} while (0)

static void live_need(void)
{
	if (live.missing)
		skip();
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* A fresh TPM state in live.tmp/name, served on a socket next to it, connected. */
static void live_start(struct live_tpm *t, const char *name)
{
	snprintf(t->dir, sizeof(t->dir), "%s/%s", live.tmp, name);
	snprintf(t->sock, sizeof(t->sock), "%s/%s.sock", live.tmp, name);
	if (sh("tools/tpm-setup.sh %s >/dev/null && tools/tpm-setup.sh --serve %s %s", t->dir, t->dir, t->sock))
		fail_msg("tools/tpm-setup.sh could not make and serve a TPM in %s", t->dir);
	t->up = true;
	if (tpm_sock_open(&t->s, t->sock, LIVE_TIMEOUT_MS, &t->dev) < 0)
		fail_msg("%s", t->s.err);
}

static void live_stop(struct live_tpm *t)
{
	if (!t->up)
		return;
	tpm_sock_close(&t->s);
	sh("tools/tpm-setup.sh --stop %s", t->dir);
	t->up = false;
}

static int live_setup(void **state)
{
	(void)state;
	if (sh("(command -v swtpm && command -v swtpm_setup && command -v swtpm_localca) >/dev/null") != 0) {
		fprintf(stderr, "test_tpm2_swtpm: swtpm or swtpm-tools missing, skipping\n");
		live.missing = true;
		return 0;
	}
	if (access("tools/tpm-setup.sh", X_OK) != 0) {
		fprintf(stderr, "test_tpm2_swtpm: run from the repository root\n");
		return -1;
	}
	snprintf(live.tmp, sizeof(live.tmp), "/tmp/cordon-tpm.XXXXXX");
	snprintf(live.tool, sizeof(live.tool), "%s/tools/cordon-seal", getenv("B") ? getenv("B") : "build");
	if (!mkdtemp(live.tmp))
		return -1;
	live_start(&live.a, "a");
	return 0;
}

static int live_teardown(void **state)
{
	(void)state;
	if (live.missing)
		return 0;
	live_stop(&live.a);
	live_stop(&live.b);
	sh("rm -rf %s", live.tmp);
	return 0;
}

static u32 live_primary(struct live_tpm *t, void (*tmpl)(struct tpm_wr *), struct tpm2_pub *pub)
{
	u8 b[TPM2_MAX_PUBLIC];
	struct tpm_wr w = { .p = b, .cap = sizeof(b) };
	u32 h = 0;
	tmpl(&w);
	ok(tpm2_create_primary(&t->dev, TPM_RH_ENDORSEMENT, b, (u16)w.len, &h, pub));
	return h;
}

static u32 live_ek(struct live_tpm *t, struct tpm2_pub_info *pi)
{
	u32 h = live_primary(t, tpm2_tmpl_ek_rsa, &t->ek_pub);
	ok(tpm2_pub_parse(t->ek_pub.b, t->ek_pub.len, pi));
	return h;
}

static u32 live_ak(struct live_tpm *t, u8 name[34])
{
	u32 h = live_primary(t, tpm2_tmpl_ak_rsa, &t->ak_pub);
	if (name)
		ok(tpm2_name(t->ak_pub.b, t->ak_pub.len, name));
	return h;
}

/* The EK certificate chains to the project CA (openssl, when installed) and holds the modulus. */
static void live_cert_verifies(const u8 *cert, u32 len, const u8 *mod, u32 mod_len)
{
	char path[128], hex[2 * 256 + 1], cmd[256];
	FILE *f;
	snprintf(path, sizeof(path), "%s/ek.der", live.tmp);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(cert, 1, len, f), len);
	fclose(f);
	if (sh("command -v openssl >/dev/null") != 0)
		return;
	if (sh("openssl x509 -inform der -in %s -out %s.pem && openssl verify -CAfile \"$(tools/tpm-setup.sh "
	       "--ca-bundle)\" %s.pem >/dev/null", path, path, path))
		fail_msg("the EK certificate does not verify against the project CA bundle");
	for (u32 i = 0; i < mod_len && i < 256; i++)
		sprintf(hex + 2 * i, "%02X", mod[i]);
	snprintf(cmd, sizeof(cmd), "openssl x509 -inform der -noout -modulus -in %s", path);
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(cmd, sizeof(cmd), f) ? cmd : NULL);
	char line[600] = "";
	snprintf(line, sizeof(line), "%s", cmd);
	while (strlen(line) < sizeof(line) - 1 && fgets(cmd, sizeof(cmd), f))
		strncat(line, cmd, sizeof(line) - strlen(line) - 1);
	pclose(f);
	assert_non_null(strstr(line, hex));
}

/* LoadExternal of a public area only, in the NULL hierarchy (Part 3, 12.3); name optional. */
static u32 live_load_external(struct tpm_dev *d, const struct tpm2_pub *pub, u32 *h, u8 *name, u16 *nlen)
{
	struct tpm2_call c;
	struct tpm_rd r;
	const u8 *b;
	u16 n;
	u32 rc;
	tc_start(&c, d, TPM_CC_LoadExternal, 1);
	tw_u16(&c.w, 0); /* inPrivate: none */
	tw_bytes(&c.w, pub->b, pub->len);
	tw_u32(&c.w, TPM_RH_NULL);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	b = tr_tpm2b(&r, &n, TPM2_MAX_NAME);
	if (b && name) {
		memcpy(name, b, n);
		*nlen = n;
	}
	*h = c.h_out;
	return tc_end(&r);
}

struct cred {
	u8 blob[TPM2_MAX_CRED], secret[TPM2_MAX_SECRET];
	u16 blob_len, secret_len;
};

/* MakeCredential done by the TPM itself (Part 3, 12.6): what a verifier computes in software. */
static u32 tpm2_make_credential_tpm(struct tpm_dev *d, u32 key, const u8 *cred, u16 cred_len, const u8 *name,
				    u16 name_len, struct cred *out)
{
	struct tpm2_call c;
	struct tpm_rd r;
	const u8 *b, *s;
	u32 rc;
	tc_start(&c, d, TPM_CC_MakeCredential, 0);
	tc_handle(&c, key);
	tw_tpm2b(&c.w, cred, cred_len);
	tw_tpm2b(&c.w, name, name_len);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	b = tr_tpm2b(&r, &out->blob_len, TPM2_MAX_CRED);
	s = tr_tpm2b(&r, &out->secret_len, TPM2_MAX_SECRET);
	if (b && s) {
		memcpy(out->blob, b, out->blob_len);
		memcpy(out->secret, s, out->secret_len);
	}
	return tc_end(&r);
}

/* PolicyGetDigest (Part 3, 23.19): the session's policyDigest as the TPM computed it. */
static u32 live_policy_digest(struct tpm_dev *d, u32 session, u8 out[32])
{
	struct tpm2_call c;
	struct tpm_rd r;
	const u8 *b;
	u16 n;
	u32 rc;
	tc_start(&c, d, TPM_CC_PolicyGetDigest, 0);
	tc_handle(&c, session);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	b = tr_tpm2b(&r, &n, 32);
	if (b && n == 32)
		memcpy(out, b, 32);
	return n == 32 ? tc_end(&r) : TPM2_E_MALFORMED;
}

/* GetCapability(TPM_CAP_HANDLES) (Part 3, 30.2; Part 2, 10.10.2): up to max handles from first on. */
static u32 live_handles(struct tpm_dev *d, u32 first, u32 *h, u32 max)
{
	struct tpm2_call c;
	struct tpm_rd r;
	u32 n;
	tc_start(&c, d, 0x0000017Au, 0);
	tw_u32(&c.w, 1); /* TPM_CAP_HANDLES */
	tw_u32(&c.w, first);
	tw_u32(&c.w, max);
	ok(tc_run(&c, &r));
	tr_u8(&r); /* moreData */
	tr_u32(&r);
	n = tr_u32(&r);
	assert_true(n <= max);
	for (u32 i = 0; i < n; i++)
		h[i] = tr_u32(&r);
	ok(tc_end(&r));
	return n;
}

/* Transient objects, then loaded and saved sessions (handle types 0x80, 0x02, 0x03). */
static const u32 live_ranges[] = { 0x80000000u, 0x02000000u, 0x03000000u };

/* Per-test setup: a failed test may leave objects loaded, and swtpm holds only three. */
static int live_clean(void **state)
{
	u32 h[16];
	(void)state;
	if (live.missing || !live.a.up)
		return 0;
	for (u32 i = 0; i < ARRAY_SIZE(live_ranges); i++) {
		u32 n = live_handles(&live.a.dev, live_ranges[i], h, 16);
		for (u32 k = 0; k < n && (h[k] >> 24) == (live_ranges[i] >> 24); k++)
			tpm2_flush(&live.a.dev, h[k]);
	}
	return 0;
}

/* Nothing left loaded: the code under test flushed what it loaded. */
static void live_no_handles_left(struct tpm_dev *d)
{
	u32 h[1];
	for (u32 i = 0; i < ARRAY_SIZE(live_ranges); i++) {
		u32 n = live_handles(d, live_ranges[i], h, 1);
		if (n && (h[0] >> 24) == (live_ranges[i] >> 24))
			fail_msg("handle 0x%08x is still loaded", h[0]);
	}
}

/* Runs the built cordon-seal with the PCR 8 and 9 values; returns the blob's length. */
static u32 live_run_seal_tool(const u8 pcrs[24][32], const char *secret, u8 *blob, u32 cap)
{
	char hex[2][65], in[128], out[128];
	FILE *f;
	u32 len;
	for (u32 p = 0; p < 2; p++)
		for (u32 i = 0; i < 32; i++)
			sprintf(hex[p] + 2 * i, "%02x", pcrs[8 + p][i]);
	snprintf(in, sizeof(in), "%s/secret", live.tmp);
	snprintf(out, sizeof(out), "%s/secret.seal", live.tmp);
	f = fopen(in, "wb");
	assert_non_null(f);
	fputs(secret, f);
	fclose(f);
	tpm_sock_close(&live.a.s); /* swtpm serves one connection at a time */
	if (sh("%s --tpm %s --pcr 8=%s --pcr 9=%s --in %s --out %s", live.tool, live.a.sock, hex[0], hex[1], in,
	       out))
		fail_msg("cordon-seal failed");
	if (tpm_sock_open(&live.a.s, live.a.sock, LIVE_TIMEOUT_MS, &live.a.dev) < 0)
		fail_msg("%s", live.a.s.err);
	f = fopen(out, "rb");
	assert_non_null(f);
	len = (u32)fread(blob, 1, cap, f);
	fclose(f);
	return len;
}

#endif
