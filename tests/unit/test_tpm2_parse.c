/* cordon unit tests: TPM 2.0 templates, decoders, names, PCR policies, rc names and sealed blobs. */
/* sources: lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_keys.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_parse.c lib/tpm2/tpm2_rc.c lib/tpm2/seal_blob.c lib/sha256.c lib/str.c */
#include <tests/unit/unit.h>
#include <tests/unit/tpm2_fake.h>
#include <lib/tpm2/seal_blob.h>
#include <lib/tpm2/tpm2_int.h>

#define D32(b) b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b
#define Z256 D32("00") D32("00") D32("00") D32("00") D32("00") D32("00") D32("00") D32("00")
#define POLICY "eff5d8ee55c7ff3129ce8aea6e06ade8fff5c4309b3656905ca9805443f61d5c"

/* Templates as TPMT_PUBLIC (Part 2, 12.2.4), written out by hand. */
static const char *const ek_hex = /* TCG EK Credential Profile 2.0, B.3.3, template L-1 */
	"0001 000b 000300b2 0020 837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa"
	"0006 0080 0043 0010 0800 00000000 0100" Z256;
static const char *const ak_hex = "0001 000b 00050472 0000 0010 0014 000b 0800 00000000 0000";
static const char *const srk_hex = "0023 000b 00030472 0000 0006 0080 0043 0010 0003 0010 0000 0000";
static const char *const sealed_hex = "0008 000b 00000012 0020" POLICY "0010 0000";

static u8 buf[1024];

/* The bytes of hex as a TPM2B (size field first); returns the whole length. */
static u32 tpm2b_of(const char *hex, u8 *out)
{
	u32 n = unhex(hex, out + 2);
	out[0] = (u8)(n >> 8);
	out[1] = (u8)n;
	return n + 2;
}

static void check_tmpl(void (*make)(struct tpm_wr *), const char *hex)
{
	u8 want[400];
	struct tpm_wr w = { .p = buf, .cap = sizeof(buf) };
	u32 n = unhex(hex, want);
	make(&w);
	assert_false(w.err);
	assert_int_equal(w.len, n);
	assert_memory_equal(buf, want, n);
}

static void make_sealed(struct tpm_wr *w)
{
	u8 p[32];
	unhex(POLICY, p);
	tpm2_tmpl_sealed(w, p);
}

static void t_templates(void **state)
{
	(void)state;
	check_tmpl(tpm2_tmpl_ek_rsa, ek_hex);
	check_tmpl(tpm2_tmpl_ak_rsa, ak_hex);
	check_tmpl(tpm2_tmpl_srk_ecc, srk_hex);
	check_tmpl(make_sealed, sealed_hex);
}

static void t_pub_parse(void **state)
{
	struct tpm2_pub_info pi;
	u32 n = tpm2b_of(ek_hex, buf);
	(void)state;
	assert_int_equal(tpm2_pub_parse(buf, n, &pi), TPM2_OK);
	assert_int_equal(pi.type, TPM_ALG_RSA);
	assert_int_equal(pi.name_alg, TPM_ALG_SHA256);
	assert_int_equal(pi.attrs, 0x000300b2);
	assert_int_equal(pi.policy_len, 32);
	assert_int_equal(pi.policy[0], 0x83);
	assert_int_equal(pi.sym_alg, TPM_ALG_AES);
	assert_int_equal(pi.sym_bits, 128);
	assert_int_equal(pi.sym_mode, TPM_ALG_CFB);
	assert_int_equal(pi.scheme, TPM_ALG_NULL);
	assert_int_equal(pi.key_bits, 2048);
	assert_int_equal(pi.modulus_len, 256);
	assert_ptr_equal(pi.modulus, buf + n - 256);
	n = tpm2b_of(ak_hex, buf);
	assert_int_equal(tpm2_pub_parse(buf, n, &pi), TPM2_OK);
	assert_int_equal(pi.scheme, TPM_ALG_RSASSA);
	assert_int_equal(pi.scheme_hash, TPM_ALG_SHA256);
	assert_int_equal(pi.attrs & (TPMA_RESTRICTED | TPMA_SIGN), TPMA_RESTRICTED | TPMA_SIGN);
	assert_int_equal(tpm2_pub_parse(buf, tpm2b_of(srk_hex, buf), &pi), TPM2_OK);
	assert_int_equal(pi.type, TPM_ALG_ECC);
	assert_int_equal(tpm2_pub_parse(buf, tpm2b_of(sealed_hex, buf), &pi), TPM2_OK);
	assert_int_equal(pi.type, TPM_ALG_KEYEDHASH);
	assert_int_equal(pi.attrs, TPMA_FIXED_TPM | TPMA_FIXED_PARENT);
}

static void t_pub_parse_bad(void **state)
{
	struct tpm2_pub_info pi;
	u32 n = tpm2b_of(ek_hex, buf);
	(void)state;
	for (u32 cut = 0; cut < n; cut++) { /* every truncation, size field adjusted */
		buf[0] = (u8)((cut - 2) >> 8);
		buf[1] = (u8)(cut - 2);
		assert_int_equal(tpm2_pub_parse(buf, cut, &pi), TPM2_E_MALFORMED);
	}
	n = tpm2b_of(ek_hex, buf);
	assert_int_equal(tpm2_pub_parse(buf, n + 1, &pi), TPM2_E_MALFORMED); /* trailing byte */
	buf[1]++;
	assert_int_equal(tpm2_pub_parse(buf, n, &pi), TPM2_E_MALFORMED); /* size field disagrees */
	n = tpm2b_of("0099 000b 00000000 0000", buf);
	assert_int_equal(tpm2_pub_parse(buf, n, &pi), TPM2_E_MALFORMED); /* unknown type */
	n = tpm2b_of("0001 000b 00050472 0000 0010 0014 000b 0800 00000000 0201", buf);
	memset(buf + n, 0, 513);
	buf[0] = (u8)((n + 511) >> 8);
	buf[1] = (u8)(n + 511);
	assert_int_equal(tpm2_pub_parse(buf, n + 513, &pi), TPM2_E_MALFORMED); /* 513-byte modulus */
	n = tpm2b_of("0001 000b 00000000 0041" D32("00") D32("00") "00", buf);
	assert_int_equal(tpm2_pub_parse(buf, n, &pi), TPM2_E_MALFORMED); /* 65-byte authPolicy */
}

/* TPMS_ATTEST of a quote (Part 2, 10.12.12): magic, type, signer, extraData, clock, firmware, quote info. */
#define QUOTE_REST "0022 000b" D32("5a") "0004 01020304 0000000000001000 00000002 00000003 01 0000000100020003"
#define QUOTE_HEAD "ff544347 8018" QUOTE_REST
#define QUOTE_INFO "00000001 000b 03 ff0700 0020" D32("d1")

static void t_quote_parse(void **state)
{
	struct tpm2_quote_info q;
	u32 n = unhex(QUOTE_HEAD QUOTE_INFO, buf);
	(void)state;
	assert_int_equal(tpm2_quote_parse(buf, n, &q), TPM2_OK);
	assert_int_equal(q.magic, TPM_GENERATED_VALUE);
	assert_int_equal(q.type, TPM_ST_ATTEST_QUOTE);
	assert_int_equal(q.signer_len, 34);
	assert_int_equal(q.extra_len, 4);
	assert_memory_equal(q.extra, "\x01\x02\x03\x04", 4);
	assert_int_equal(q.clock, 0x1000);
	assert_int_equal(q.reset_count, 2);
	assert_int_equal(q.restart_count, 3);
	assert_int_equal(q.safe, 1);
	assert_int_equal(q.firmware, 0x0000000100020003ULL);
	assert_int_equal(q.pcr_hash, TPM_ALG_SHA256);
	assert_int_equal(q.pcr_mask, 0x7ff);
	assert_int_equal(q.pcr_digest_len, 32);
	for (u32 cut = 0; cut < n; cut++)
		assert_int_equal(tpm2_quote_parse(buf, cut, &q), TPM2_E_MALFORMED);
	assert_int_equal(tpm2_quote_parse(buf, n + 1, &q), TPM2_E_MALFORMED);
}

static void t_quote_parse_bad(void **state)
{
	struct tpm2_quote_info q;
	static const char *const bad[] = {
		"ff544348 8018" QUOTE_REST QUOTE_INFO, /* not TPM_GENERATED_VALUE */
		"ff544347 8017" QUOTE_REST QUOTE_INFO, /* a certify, not a quote */
		"ff544347 8018" QUOTE_REST QUOTE_INFO "00", /* trailing byte */
		QUOTE_HEAD "00000002 000b 03 ff0700 0004 03 000001 0020" D32("d1"), /* two banks */
		QUOTE_HEAD "00000001 000b 04 ff070001 0020" D32("d1"), /* PCR 24 */
		QUOTE_HEAD "00000001 000b 05 ff07000000 0020" D32("d1"), /* 5 select bytes */
	};
	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(tpm2_quote_parse(buf, unhex(bad[i], buf), &q), TPM2_E_MALFORMED);
}

static void t_sig_parse(void **state)
{
	struct tpm2_sig_info si;
	u32 n = unhex("0014 000b 0004 deadbeef", buf);
	(void)state;
	assert_int_equal(tpm2_sig_parse(buf, n, &si), TPM2_OK);
	assert_int_equal(si.alg, TPM_ALG_RSASSA);
	assert_int_equal(si.hash, TPM_ALG_SHA256);
	assert_int_equal(si.sig_len, 4);
	assert_ptr_equal(si.sig, buf + 6);
	for (u32 cut = 0; cut < n; cut++)
		assert_int_equal(tpm2_sig_parse(buf, cut, &si), TPM2_E_MALFORMED);
	assert_int_equal(tpm2_sig_parse(buf, n + 1, &si), TPM2_E_MALFORMED);
	assert_int_equal(tpm2_sig_parse(buf, unhex("0018 000b 0004 deadbeef", buf), &si), TPM2_E_MALFORMED);
}

/*
 * Expected values computed once with python3's hashlib from the hand-written
 * bytes above: the name is "000b" + sha256(TPMT_PUBLIC of ek_hex); the policy
 * is sha256(32 zero bytes + 0000017f + 00000001000b03000300 + sha256(PCR8 || PCR9))
 * with PCR 8 = 32 bytes of 0x08 and PCR 9 = 32 bytes of 0x09. The live test
 * checks both against swtpm (LoadExternal's name, PolicyGetDigest).
 */
static void t_name_and_policy(void **state)
{
	static u8 values[24][32];
	u8 name[34], want[34], policy[32];
	(void)state;
	assert_int_equal(tpm2_name(buf, tpm2b_of(ek_hex, buf), name), TPM2_OK);
	unhex("000b 32503929a1287eedaa3e89d932f9b51a6f92abd0fa57721ffa6fc041e04f7498", want);
	assert_memory_equal(name, want, 34);
	assert_int_equal(tpm2_name(buf, 3, name), TPM2_E_MALFORMED);
	memset(values[8], 8, 32);
	memset(values[9], 9, 32);
	memset(values[10], 10, 32); /* not in the mask: must not count */
	tpm2_policy_pcr_digest(0x300, (const u8(*)[32])values, policy);
	unhex(POLICY, want);
	assert_memory_equal(policy, want, 32);
}

static void t_rc_str(void **state)
{
	(void)state;
	assert_string_equal(tpm2_rc_str(0x99d), "TPM_RC_POLICY_FAIL"); /* session 1 */
	assert_string_equal(tpm2_rc_str(0x09d), "TPM_RC_POLICY_FAIL");
	assert_string_equal(tpm2_rc_str(0x1c4), "TPM_RC_VALUE"); /* parameter 1 */
	assert_string_equal(tpm2_rc_str(0x98e), "TPM_RC_AUTH_FAIL");
	assert_string_equal(tpm2_rc_str(0x9a2), "TPM_RC_BAD_AUTH");
	assert_string_equal(tpm2_rc_str(0x101), "TPM_RC_FAILURE");
	assert_string_equal(tpm2_rc_str(0x128), "TPM_RC_PCR_CHANGED");
	assert_string_equal(tpm2_rc_str(0x921), "TPM_RC_LOCKOUT");
	assert_string_equal(tpm2_rc_str(0x902), "TPM_RC_OBJECT_MEMORY");
	assert_string_equal(tpm2_rc_str(TPM2_E_TRANSPORT), "transport failed");
	assert_string_equal(tpm2_rc_str(TPM2_E_MALFORMED), "malformed TPM response");
	assert_string_equal(tpm2_rc_str(0x17f), "unknown TPM response code");
	assert_string_equal(tpm2_rc_str(0x12345), "unknown TPM response code");
}

static void t_cursors(void **state)
{
	u8 b[4];
	u16 n;
	struct tpm_wr w = { .p = b, .cap = 4 };
	struct tpm_rd r = { .p = (const u8 *)"\x00\x03" "ab", .len = 4 };
	(void)state;
	tw_u16(&w, 0x0102);
	tw_u32(&w, 0x03040506); /* does not fit: latched, nothing written */
	tw_u8(&w, 7);
	assert_true(w.err);
	assert_int_equal(w.len, 2);
	assert_null(tr_tpm2b(&r, &n, 3)); /* says 3, only 2 remain */
	assert_true(r.err);
	r = (struct tpm_rd){ .p = (const u8 *)"\x00\x03" "abc", .len = 5 };
	assert_null(tr_tpm2b(&r, &n, 2)); /* over max */
	r = (struct tpm_rd){ .p = (const u8 *)"\x01\x02\x03\x04\x05\x06\x07\x08", .len = 8 };
	assert_true(tr_u64(&r) == 0x0102030405060708ULL && !r.err);
	assert_int_equal(tr_u8(&r), 0);
	assert_true(r.err);
}

/* A sub-reader shares its parent's bytes and ends where its TPM2B ends; copies latch like reads. */
static void t_sub_reader_and_copies(void **state)
{
	static const u8 in[] = { 0, 3, 'a', 'b', 'c', 0, 2, 'x', 'y', 9 };
	struct tpm_rd r = { .p = in, .len = sizeof(in) }, sub;
	u8 out[4] = { 0 };
	u16 n = 99;
	(void)state;
	tr_sub2b(&r, &sub, 3);
	assert_false(sub.err);
	assert_int_equal(r.off, 5);
	assert_int_equal(tr_u16(&sub), 0x6162);
	assert_true(tr_copy(&sub, out, 1) && out[0] == 'c');
	assert_int_equal(tc_end(&sub), TPM2_OK);
	assert_false(tr_copy(&sub, out, 1)); /* the sub-reader ends at its TPM2B, not at the parent's end */
	assert_true(sub.err);
	assert_true(tr_take2b(&r, out, &n, 2) && n == 2 && out[0] == 'x' && out[1] == 'y');
	assert_false(tr_copy(&r, out, 2)); /* one byte left */
	assert_true(r.err);
	r = (struct tpm_rd){ .p = in, .len = sizeof(in) };
	assert_false(tr_take2b(&r, out, &n, 2)); /* over cap */
	assert_true(r.err && n == 0);
	r = (struct tpm_rd){ .p = in, .len = 4 };
	tr_sub2b(&r, &sub, 8); /* says 3, 2 remain */
	assert_true(r.err && sub.err);
	assert_false(tr_copy(&sub, out, 0) && tr_u8(&sub));
}

/* tw_bytes copies all or nothing: a write that does not fit latches the error and writes no byte. */
static void t_writer_bytes(void **state)
{
	u8 b[6] = { 0 };
	struct tpm_wr w = { .p = b, .cap = 6 };
	(void)state;
	tw_bytes(&w, "abcd", 4);
	tw_bytes(&w, "efg", 3);
	assert_true(w.err);
	assert_int_equal(w.len, 4);
	assert_memory_equal(b, "abcd\0\0", 6);
}

/* A blob around the sealed template and a 3-byte private area. */
static u32 make_blob(u8 *out, u32 mask)
{
	u8 pub[128];
	u32 n = unhex(sealed_hex, pub);
	return seal_blob_write(out, SEAL_BLOB_MAX, mask, pub, (u16)n, (const u8 *)"prv", 3);
}

static void t_seal_blob(void **state)
{
	static u8 b[SEAL_BLOB_MAX + 8];
	struct seal_blob sb;
	u32 n = make_blob(b, 0x300);
	(void)state;
	assert_int_equal(n, 8 + 4 + 2 + 46 + 2 + 3);
	assert_memory_equal(b, "CSEAL001\x00\x00\x03\x00\x00\x2e", 14);
	assert_null(seal_blob_parse(b, n, &sb));
	assert_int_equal(sb.pcr_mask, 0x300);
	assert_int_equal(sb.pub_len, 46);
	assert_ptr_equal(sb.pub, b + 14);
	assert_int_equal(sb.priv_len, 3);
	assert_memory_equal(sb.priv, "prv", 3);
	for (u32 cut = 0; cut < n; cut++)
		assert_non_null(seal_blob_parse(b, cut, &sb));
	assert_string_equal(seal_blob_parse(b, n + 1, &sb), "trailing bytes after the private area");
	b[0] = 'X';
	assert_string_equal(seal_blob_parse(b, n, &sb), "not a cordon sealed blob (magic CSEAL001)");
	assert_non_null(seal_blob_parse(b, make_blob(b, 0), &sb));
	assert_non_null(seal_blob_parse(b, make_blob(b, 1u << 24), &sb));
	n = make_blob(b, 0x300);
	b[14 + 7] |= TPMA_USER_WITH_AUTH; /* objectAttributes' low byte */
	assert_non_null(seal_blob_parse(b, n, &sb));
	assert_int_equal(seal_blob_write(b, 20, 0x300, b, 100, b, 3), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_templates),	    cmocka_unit_test(t_pub_parse),	 cmocka_unit_test(t_pub_parse_bad),
		cmocka_unit_test(t_quote_parse),    cmocka_unit_test(t_quote_parse_bad), cmocka_unit_test(t_sig_parse),
		cmocka_unit_test(t_name_and_policy), cmocka_unit_test(t_rc_str),	 cmocka_unit_test(t_cursors),
		cmocka_unit_test(t_seal_blob),	     cmocka_unit_test(t_sub_reader_and_copies), cmocka_unit_test(t_writer_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
