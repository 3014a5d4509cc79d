/* cordon unit tests (live): lib/tpm2 against throwaway swtpm TPMs made by tools/tpm-setup.sh. */
/* runs: cordon-seal */
/* sources: lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_keys.c lib/tpm2/tpm2_pcr.c lib/tpm2/tpm2_attest.c lib/tpm2/tpm2_parse.c lib/tpm2/tpm2_rc.c lib/tpm2/tpm2_seal.c lib/tpm2/seal_blob.c lib/sha256.c lib/str.c tools/tpm_sock.c */
#define _GNU_SOURCE /* memmem, mkdtemp */
#include <tests/unit/unit.h>
#include <lib/tpm2/tpm2_int.h>
#include <lib/tpm2/seal_blob.h>
#include <lib/sha256.h>
#include <tools/tpm_sock.h>
#include <tests/unit/tpm2_live.h>

static void t_ek_matches_cert(void **state)
{
	static u8 cert[2048], name[34], tpm_name[TPM2_MAX_NAME];
	struct tpm2_pub_info pi;
	u32 len = 0, h;
	u16 nlen;
	(void)state;
	live_need();
	u32 ek = live_ek(&live.a, &pi);
	assert_int_equal(pi.modulus_len, 256);
	assert_int_equal(pi.exponent, 0);
	ok(tpm2_nv_read_all(&live.a.dev, TPM_NV_EK_CERT_RSA, cert, sizeof(cert), &len));
	assert_true(len > 256 && cert[0] == 0x30 && cert[1] == 0x82); /* a DER SEQUENCE */
	if (!memmem(cert, len, pi.modulus, pi.modulus_len))
		fail_msg("the EK from template L-1 is not the key in the NV EK certificate");
	live_cert_verifies(cert, len, pi.modulus, pi.modulus_len);
	/* the TPM's own name of the public area (LoadExternal) against tpm2_name */
	ok(tpm2_name(live.a.ek_pub.b, live.a.ek_pub.len, name));
	ok(live_load_external(&live.a.dev, &live.a.ek_pub, &h, tpm_name, &nlen));
	assert_int_equal(nlen, 34);
	assert_memory_equal(tpm_name, name, 34);
	ok(tpm2_flush(&live.a.dev, h));
	ok(tpm2_flush(&live.a.dev, ek));
}

/* A second state directory is a second TPM: another EK, certified by the same project CA. */
static void t_two_tpms(void **state)
{
	static u8 cert[2048], mod_a[256];
	struct tpm2_pub_info pi;
	u32 len = 0, ek;
	(void)state;
	live_need();
	ek = live_ek(&live.a, &pi);
	memcpy(mod_a, pi.modulus, 256);
	ok(tpm2_flush(&live.a.dev, ek));
	live_start(&live.b, "b");
	ek = live_ek(&live.b, &pi);
	assert_memory_not_equal(mod_a, pi.modulus, 256);
	ok(tpm2_nv_read_all(&live.b.dev, TPM_NV_EK_CERT_RSA, cert, sizeof(cert), &len));
	assert_non_null(memmem(cert, len, pi.modulus, 256));
	live_cert_verifies(cert, len, pi.modulus, 256);
	ok(tpm2_flush(&live.b.dev, ek));
	live_stop(&live.b);
}

static void t_quote(void **state)
{
	static u8 attest[TPM2_MAX_ATTEST], sig[TPM2_MAX_SIG], pcrs[24][32];
	struct tpm_dev *d = &live.a.dev;
	struct tpm2_quote_info q;
	struct tpm2_sig_info si;
	struct sha256_ctx h;
	u8 nonce[20], digest[32];
	u16 alen, slen;
	u32 ak;
	(void)state;
	live_need();
	ak = live_ak(&live.a, NULL);
	ok(tpm2_get_random(d, nonce, sizeof(nonce)));
	ok(tpm2_quote(d, ak, nonce, sizeof(nonce), 0x7ff, attest, &alen, sig, &slen));
	ok(tpm2_pcr_read(d, 0x7ff, pcrs));
	ok(tpm2_quote_parse(attest, alen, &q));
	assert_int_equal(q.magic, TPM_GENERATED_VALUE);
	assert_int_equal(q.type, TPM_ST_ATTEST_QUOTE);
	assert_int_equal(q.extra_len, sizeof(nonce));
	assert_memory_equal(q.extra, nonce, sizeof(nonce));
	assert_int_equal(q.pcr_hash, TPM_ALG_SHA256);
	assert_int_equal(q.pcr_mask, 0x7ff);
	sha256_init(&h); /* pcrDigest = H(PCR 0 || ... || PCR 10) (Part 3, 18.4.1) */
	for (u32 i = 0; i <= 10; i++)
		sha256_update(&h, pcrs[i], 32);
	sha256_final(&h, digest);
	assert_int_equal(q.pcr_digest_len, 32);
	assert_memory_equal(q.pcr_digest, digest, 32);
	ok(tpm2_sig_parse(sig, slen, &si));
	assert_int_equal(si.alg, TPM_ALG_RSASSA);
	assert_int_equal(si.hash, TPM_ALG_SHA256);
	assert_int_equal(si.sig_len, 256);
	ok(tpm2_flush(d, ak));
}

static void t_pcr_event(void **state)
{
	static u8 before[24][32], after[24][32];
	static const char data[] = "cordon live test event";
	struct tpm_dev *d = &live.a.dev;
	u8 got[32], want[32], cat[64];
	(void)state;
	live_need();
	ok(tpm2_pcr_read(d, 1u << 10, before));
	ok(tpm2_pcr_event(d, 10, data, sizeof(data) - 1, got));
	sha256(data, sizeof(data) - 1, want);
	assert_memory_equal(got, want, 32);
	ok(tpm2_pcr_read(d, 1u << 10, after));
	memcpy(cat, before[10], 32); /* extend: new = H(old || digest) (Part 1, 17.2) */
	memcpy(cat + 32, want, 32);
	sha256(cat, 64, want);
	assert_memory_equal(after[10], want, 32);
}

/* Seals to PCR 8 and 9 as they are, unseals, changes PCR 9 and is refused. */
static void t_seal_unseal(void **state)
{
	static u8 pcrs[24][32], blob[SEAL_BLOB_MAX];
	static const u8 secret[] = "disk key: 0123456789abcdef";
	struct tpm_dev *d = &live.a.dev;
	struct seal_blob sb;
	struct tpm2_pub_info pi;
	u8 out[TPM2_MAX_SEALED], policy[32], tpm_policy[32];
	u16 n = 0;
	u32 len = 0, s, rc;
	(void)state;
	live_need();
	ok(tpm2_pcr_read(d, 0x300, pcrs));
	ok(seal_create(d, 0x300, (const u8(*)[32])pcrs, secret, sizeof(secret), blob, sizeof(blob), &len));
	assert_null(seal_blob_parse(blob, len, &sb));
	/* our PolicyPCR digest = the blob's authPolicy = what the TPM computes in a session */
	tpm2_policy_pcr_digest(0x300, (const u8(*)[32])pcrs, policy);
	ok(tpm2_pub_parse(sb.pub - 2, sb.pub_len + 2u, &pi));
	assert_memory_equal(pi.policy, policy, 32);
	ok(tpm2_start_policy_session(d, &s));
	ok(tpm2_policy_pcr(d, s, 0x300));
	ok(live_policy_digest(d, s, tpm_policy));
	ok(tpm2_flush(d, s));
	assert_memory_equal(tpm_policy, policy, 32);
	ok(seal_unseal(d, &sb, out, &n));
	assert_int_equal(n, sizeof(secret));
	assert_memory_equal(out, secret, n);
	ok(tpm2_pcr_event(d, 9, "another image", 13, policy));
	rc = seal_unseal(d, &sb, out, &n);
	if (strcmp(tpm2_rc_str(rc), "TPM_RC_POLICY_FAIL") && strcmp(tpm2_rc_str(rc), "TPM_RC_VALUE"))
		fail_msg("unseal after PCR 9 changed: 0x%x %s", rc, tpm2_rc_str(rc));
	live_no_handles_left(d);
}

/* cordon-seal itself, when built, against the current PCR values. */
static void t_seal_tool(void **state)
{
	static u8 pcrs[24][32], blob[SEAL_BLOB_MAX + 1];
	struct seal_blob sb;
	u8 out[TPM2_MAX_SEALED];
	u16 n = 0;
	u32 len;
	(void)state;
	live_need();
	if (access(live.tool, X_OK) != 0)
		skip(); /* make all builds it; make unit alone does not */
	ok(tpm2_pcr_read(&live.a.dev, 0x300, pcrs));
	len = live_run_seal_tool(pcrs, "tool secret", blob, sizeof(blob));
	assert_null(seal_blob_parse(blob, len, &sb));
	assert_int_equal(sb.pcr_mask, 0x300);
	ok(seal_unseal(&live.a.dev, &sb, out, &n));
	assert_int_equal(n, 11);
	assert_memory_equal(out, "tool secret", 11);
}

/*
 * A credential the TPM made (MakeCredential with the EK public loaded) for the
 * AK's name activates; one made for another name fails the integrity check.
 */
static void t_activate_credential(void **state)
{
	static const u8 secret[32] = "credential for the attestor AK";
	struct tpm_dev *d = &live.a.dev;
	struct cred good, wrong;
	struct tpm2_pub_info pi;
	u8 ak_name[34], ek_name[34], out[TPM2_MAX_DIGEST];
	u16 n = 0;
	u32 ek, ak, ekpub, s, rc;
	(void)state;
	live_need();
	ek = live_ek(&live.a, &pi);
	ak = live_ak(&live.a, ak_name);
	ok(tpm2_name(live.a.ek_pub.b, live.a.ek_pub.len, ek_name));
	ok(live_load_external(d, &live.a.ek_pub, &ekpub, NULL, NULL));
	ok(tpm2_make_credential_tpm(d, ekpub, secret, 32, ak_name, 34, &good));
	ok(tpm2_make_credential_tpm(d, ekpub, secret, 32, ek_name, 34, &wrong));
	ok(tpm2_flush(d, ekpub));
	ok(tpm2_start_policy_session(d, &s));
	ok(tpm2_policy_secret(d, TPM_RH_ENDORSEMENT, s));
	ok(tpm2_activate_credential(d, ak, ek, s, good.blob, good.blob_len, good.secret, good.secret_len, out, &n));
	assert_int_equal(n, 32);
	assert_memory_equal(out, secret, 32);
	ok(tpm2_policy_secret(d, TPM_RH_ENDORSEMENT, s)); /* a used policy session restarts empty */
	rc = tpm2_activate_credential(d, ak, ek, s, wrong.blob, wrong.blob_len, wrong.secret, wrong.secret_len, out,
				      &n);
	assert_string_equal(tpm2_rc_str(rc), "TPM_RC_INTEGRITY");
	ok(tpm2_flush(d, s));
	ok(tpm2_flush(d, ak));
	ok(tpm2_flush(d, ek));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(t_ek_matches_cert, live_clean),
		cmocka_unit_test_setup(t_two_tpms, live_clean),
		cmocka_unit_test_setup(t_quote, live_clean),
		cmocka_unit_test_setup(t_pcr_event, live_clean),
		cmocka_unit_test_setup(t_seal_unseal, live_clean),
		cmocka_unit_test_setup(t_seal_tool, live_clean),
		cmocka_unit_test_setup(t_activate_credential, live_clean),
	};
	return cmocka_run_group_tests(tests, live_setup, live_teardown);
}
