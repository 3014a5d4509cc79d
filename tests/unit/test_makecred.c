/* cordon unit tests: the verifier's MakeCredential (tools/attest/makecred.c) against ActivateCredential on swtpm. */
/* sources: tools/attest/makecred.c tools/attest/crypto.c tools/tpm_sock.c lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_keys.c lib/tpm2/tpm2_attest.c lib/tpm2/tpm2_parse.c lib/tpm2/tpm2_rc.c lib/sha256.c lib/str.c */
#include <tests/unit/unit.h>
#include <tests/unit/attest_tpm.h>
#include <tools/attest/makecred.h>

static struct tpm_fixture tpm;
static bool have_tpm;

static int setup(void **state)
{
	(void)state;
	if (crypto_init() < 0)
		return -1;
	have_tpm = fixture_up(&tpm) == 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_down(&tpm);
	return 0;
}

/* The EK as the verifier sees it: modulus and exponent of the public area. */
static struct crypto_rsa ek_key(u8 exp[4])
{
	struct tpm2_pub_info pi;
	assert_int_equal(tpm2_pub_parse(tpm.ek_pub.b, tpm.ek_pub.len, &pi), TPM2_OK);
	u32 e = pi.exponent ? pi.exponent : 65537;
	exp[0] = (u8)(e >> 24), exp[1] = (u8)(e >> 16), exp[2] = (u8)(e >> 8), exp[3] = (u8)e;
	return (struct crypto_rsa){ .n = pi.modulus, .n_len = pi.modulus_len, .e = exp, .e_len = 4 };
}

/* ActivateCredential with the EK authorised by PolicySecret(TPM_RH_ENDORSEMENT) (EK profile, B.3.3). */
static u32 activate(const struct makecred_out *mc, u8 *out, u16 *out_len)
{
	u32 session, rc;
	assert_int_equal(tpm2_start_policy_session(&tpm.d, &session), TPM2_OK);
	assert_int_equal(tpm2_policy_secret(&tpm.d, TPM_RH_ENDORSEMENT, session), TPM2_OK);
	rc = tpm2_activate_credential(&tpm.d, tpm.ak, tpm.ek, session, mc->blob, (u16)mc->blob_len, mc->secret,
				      (u16)mc->secret_len, out, out_len);
	tpm2_flush(&tpm.d, session); /* gone already if the command consumed it */
	return rc;
}

/* MakeCredential of a random credential for name; true if ActivateCredential gives exactly it back. */
static bool round_trip(const u8 name[34], bool tamper)
{
	u8 exp[4], cred[32], out[64];
	u16 out_len = 0;
	struct makecred_out mc;
	struct crypto_rsa ek = ek_key(exp);
	assert_int_equal(crypto_random(cred, sizeof(cred)), 0);
	assert_null(makecred(&ek, name, 34, cred, sizeof(cred), NULL, &mc));
	assert_int_equal(mc.secret_len, 256);
	if (tamper)
		mc.blob[mc.blob_len - 1] ^= 1; /* one bit of encIdentity */
	return activate(&mc, out, &out_len) == TPM2_OK && out_len == sizeof(cred) && !memcmp(out, cred, sizeof(cred));
}

static void test_activation_recovers_credential(void **state)
{
	(void)state;
	u8 name[34];
	if (!have_tpm)
		skip();
	assert_int_equal(tpm2_name(tpm.ak_pub.b, tpm.ak_pub.len, name), TPM2_OK);
	assert_true(round_trip(name, false));
}

/* A credential made for another object's name must not come out for the AK (Part 1, 24.5 outer HMAC). */
static void test_other_name_fails(void **state)
{
	(void)state;
	u8 name[34];
	if (!have_tpm)
		skip();
	assert_int_equal(tpm2_name(tpm.ek_pub.b, tpm.ek_pub.len, name), TPM2_OK);
	assert_false(round_trip(name, false));
}

static void test_tampered_blob_fails(void **state)
{
	(void)state;
	u8 name[34];
	if (!have_tpm)
		skip();
	assert_int_equal(tpm2_name(tpm.ak_pub.b, tpm.ak_pub.len, name), TPM2_OK);
	assert_false(round_trip(name, true));
}

/* KDFa's fixed layout (Part 1, 11.4.10.2): [i]32 || label || 00 || u || v || [bits]32, HMAC per block. */
static void test_kdfa_layout(void **state)
{
	(void)state;
	static const u8 key[32] = { 9 }, u[3] = { 'a', 'b', 'c' };
	u8 out[64], want[32], msg[64];
	unsigned long n = sizeof(want);
	u32 m = 0;
	kdfa_sha256(key, sizeof(key), "STORAGE", u, sizeof(u), NULL, 0, 512, out);
	for (int block = 1; block <= 2; block++) {
		m = 0;
		memcpy(msg + m, (u8[]){ 0, 0, 0, (u8)block }, 4), m += 4;
		memcpy(msg + m, "STORAGE", 8), m += 8; /* with its terminating zero */
		memcpy(msg + m, u, 3), m += 3;
		memcpy(msg + m, (u8[]){ 0, 0, 2, 0 }, 4), m += 4;
		assert_int_equal(hmac_memory(crypto_hash_idx(CRYPTO_SHA256), key, sizeof(key), msg, m, want, &n), CRYPT_OK);
		assert_memory_equal(out + 32 * (block - 1), want, 32);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kdfa_layout),
		cmocka_unit_test(test_activation_recovers_credential),
		cmocka_unit_test(test_other_name_fails),
		cmocka_unit_test(test_tampered_blob_fails),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
