/* cordon unit tests: TPM 2.0 command bytes and response framing (lib/tpm2/) against a fake transport. */
/* sources: lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_keys.c lib/tpm2/tpm2_pcr.c lib/tpm2/tpm2_attest.c lib/tpm2/tpm2_parse.c lib/tpm2/tpm2_rc.c lib/sha256.c lib/str.c */
#include <tests/unit/unit.h>
#include <tests/unit/tpm2_fake.h>

/*
 * Expected command bytes are written out by hand from TPM 2.0 Library Part 3
 * (command tables) and Part 2 (structures): tag, commandSize, commandCode,
 * handles, authorizationSize + TPMS_AUTH_COMMAND entries, parameters.
 */
#define PW_AUTH "00000009 40000009 0000 00 0000"   /* TPM_RS_PW, empty nonce, no attributes, empty password */
#define PW_RSP "0000 00 0000"			   /* TPMS_AUTH_RESPONSE of a password session */
#define D32(b) b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b /* 32 copies of a hex byte */

static int setup(void **state)
{
	(void)state;
	fake_reset();
	return 0;
}

static void t_startup(void **state)
{
	(void)state;
	fake_rsp_hex("8001 0000000a 00000000");
	assert_int_equal(tpm2_startup(&fdev, TPM_SU_CLEAR), TPM2_OK);
	expect_cmd(0, "8001 0000000c 00000144 0000"); /* Part 3, 9.3 */
}

static void t_flush(void **state)
{
	(void)state;
	fake_rsp_hex("8001 0000000a 00000000");
	assert_int_equal(tpm2_flush(&fdev, 0x80000001), TPM2_OK);
	expect_cmd(0, "8001 0000000e 00000165 80000001"); /* Part 3, 28.4: the handle is a parameter */
}

static void t_pcr_read(void **state)
{
	static u8 pcrs[24][32];
	(void)state;
	fake_rsp_hex("8001 00000082 00000000 00000005 00000001 000b 03 000700 00000003"
		     "0020" D32("08") "0020" D32("09") "0020" D32("0a"));
	assert_int_equal(tpm2_pcr_read(&fdev, 0x700, pcrs), TPM2_OK);
	expect_cmd(0, "8001 00000014 0000017e 00000001 000b 03 000700"); /* Part 3, 22.4 */
	assert_int_equal(pcrs[8][0], 0x08);
	assert_int_equal(pcrs[10][31], 0x0a);
}

/* A TPM answers at most 8 digests per PCR_Read; the rest is asked for again. */
static void t_pcr_read_twice(void **state)
{
	static u8 pcrs[24][32];
	(void)state;
	fake_rsp_hex("8001 00000126 00000000 00000001 00000001 000b 03 ff0000 00000008"
		     "0020" D32("00") "0020" D32("01") "0020" D32("02") "0020" D32("03")
		     "0020" D32("04") "0020" D32("05") "0020" D32("06") "0020" D32("07"));
	fake_rsp_hex("8001 0000003e 00000000 00000001 00000001 000b 03 000100 00000001 0020" D32("08"));
	assert_int_equal(tpm2_pcr_read(&fdev, 0x1ff, pcrs), TPM2_OK);
	expect_cmd(1, "8001 00000014 0000017e 00000001 000b 03 000100");
	assert_int_equal(pcrs[7][0], 7);
	assert_int_equal(pcrs[8][0], 8);
}

static void t_pcr_event(void **state)
{
	u8 sha[32];
	(void)state;
	/* TPML_DIGEST_VALUES: SHA-1 and SHA-256 entries; parameterSize 0x3c */
	fake_rsp_hex("8002 0000004f 00000000 0000003c 00000002 0004" "1111111111111111111111111111111111111111"
		     "000b" D32("22") PW_RSP);
	assert_int_equal(tpm2_pcr_event(&fdev, 10, "abc", 3, sha), TPM2_OK);
	expect_cmd(0, "8002 00000020 0000013c 0000000a" PW_AUTH "0003 616263"); /* Part 3, 22.3 */
	assert_int_equal(sha[0], 0x22);
}

static void t_unseal_policy_session(void **state)
{
	u8 out[TPM2_MAX_SEALED];
	u16 n = 0;
	(void)state;
	fake_rsp_hex("8002 00000031 00000000 00000007 0005 68656c6c6f 0020" D32("ab") "01 0000");
	assert_int_equal(tpm2_unseal(&fdev, 0x80000001, 0x03000000, out, &n), TPM2_OK);
	/* Part 3, 12.7; a policy session: continueSession set, empty nonce and hmac */
	expect_cmd(0, "8002 0000001b 0000015e 80000001 00000009 03000000 0000 01 0000");
	assert_int_equal(n, 5);
	assert_memory_equal(out, "hello", 5);
}

static void t_start_session(void **state)
{
	u32 s = 0;
	(void)state;
	fake_rsp_hex("8001 00000030 00000000 03000001 0020" D32("cd"));
	assert_int_equal(tpm2_start_policy_session(&fdev, &s), TPM2_OK);
	/* Part 3, 11.1: tpmKey, bind, nonceCaller, encryptedSalt, TPM_SE_POLICY, TPMT_SYM_DEF NULL, SHA-256 */
	expect_cmd(0, "8001 0000003b 00000176 40000007 40000007 0020" D32("00") "0000 01 0010 000b");
	assert_int_equal(s, 0x03000001);
}

static void t_policy_pcr(void **state)
{
	(void)state;
	fake_rsp_hex("8001 0000000a 00000000");
	assert_int_equal(tpm2_policy_pcr(&fdev, 0x03000000, 0x300), TPM2_OK);
	expect_cmd(0, "8001 0000001a 0000017f 03000000 0000 00000001 000b 03 000300"); /* Part 3, 23.7 */
}

static void t_policy_secret(void **state)
{
	(void)state;
	fake_rsp_hex("8002 00000019 00000000 0000000a 0000 8021 40000007 0000" PW_RSP);
	assert_int_equal(tpm2_policy_secret(&fdev, TPM_RH_ENDORSEMENT, 0x03000000), TPM2_OK);
	/* Part 3, 23.4: nonceTPM, cpHashA, policyRef empty, expiration 0 */
	expect_cmd(0, "8002 00000029 00000151 4000000b 03000000" PW_AUTH "0000 0000 0000 00000000");
}

/* EK template L-1 (TCG EK Credential Profile 2.0, B.3.3) as TPMT_PUBLIC (Part 2, 12.2.4). */
#define EK_TMPL                                                                                 \
	"0001 000b 000300b2 0020 837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa" \
	"0006 0080 0043 0010 0800 00000000 0100" D32("00") D32("00") D32("00") D32("00") D32("00") \
		D32("00") D32("00") D32("00")

static void t_create_primary_ek(void **state)
{
	static u8 tmpl[TPM2_MAX_PUBLIC], rsp[1024];
	struct tpm_wr w = { .p = tmpl, .cap = sizeof(tmpl) };
	struct tpm2_pub pub;
	u32 h = 0, n;
	(void)state;
	tpm2_tmpl_ek_rsa(&w);
	assert_false(w.err);
	/* outPublic (the template echoed), creationData, creationHash, creationTicket, name */
	n = unhex("8002 00000000 00000000 80000000 0000018c 013a" EK_TMPL "0000 0020" D32("00")
		  "8021 40000007 0000 0022 000b" D32("00") PW_RSP, rsp);
	fake_rsp(rsp, n);
	assert_int_equal(tpm2_create_primary(&fdev, TPM_RH_ENDORSEMENT, tmpl, (u16)w.len, &h, &pub), TPM2_OK);
	/* Part 3, 24.1: inSensitive (empty userAuth and data), inPublic, outsideInfo, creationPCR */
	expect_cmd(0, "8002 00000163 00000131 4000000b" PW_AUTH "0004 0000 0000 013a" EK_TMPL "0000 00000000");
	assert_int_equal(h, 0x80000000);
	assert_int_equal(pub.len, 316);
	assert_memory_equal(pub.b, rsp + 18, 316);
}

static void t_load(void **state)
{
	const u8 priv[3] = { 0xaa, 0xbb, 0xcc }, pub[2] = { 0xdd, 0xdd };
	u32 h = 0;
	(void)state;
	fake_rsp_hex("8002 00000037 00000000 80000002 00000024 0022 000b" D32("11") PW_RSP);
	assert_int_equal(tpm2_load(&fdev, 0x80000000, priv, 3, pub, 2, &h), TPM2_OK);
	expect_cmd(0, "8002 00000024 00000157 80000000" PW_AUTH "0003 aabbcc 0002 dddd"); /* Part 3, 12.2 */
	assert_int_equal(h, 0x80000002);
}

static void t_quote(void **state)
{
	const u8 nonce[4] = { 1, 2, 3, 4 };
	static u8 attest[TPM2_MAX_ATTEST], sig[TPM2_MAX_SIG];
	u16 alen = 0, slen = 0;
	(void)state;
	/* quoted: a 3-byte TPM2B_ATTEST body (opaque here); signature: RSASSA-SHA256 with 2 bytes */
	fake_rsp_hex("8002 00000020 00000000 0000000d 0003 ff5443 0014 000b 0002 5a5a" PW_RSP);
	assert_int_equal(tpm2_quote(&fdev, 0x80000001, nonce, 4, 0x7ff, attest, &alen, sig, &slen), TPM2_OK);
	/* Part 3, 18.4: qualifyingData, inScheme TPM_ALG_NULL, PCR 0-10 of SHA-256 */
	expect_cmd(0, "8002 0000002d 00000158 80000001" PW_AUTH "0004 01020304 0010 00000001 000b 03 ff0700");
	assert_int_equal(alen, 3);
	assert_int_equal(slen, 8);
	assert_memory_equal(sig, "\x00\x14\x00\x0b\x00\x02\x5a\x5a", 8);
}

static void t_get_random(void **state)
{
	u8 out[40];
	(void)state;
	fake_rsp_hex("8001 0000002c 00000000 0020" D32("77"));
	fake_rsp_hex("8001 00000014 00000000 0008 0102030405060708");
	assert_int_equal(tpm2_get_random(&fdev, out, 40), TPM2_OK);
	expect_cmd(0, "8001 0000000c 0000017b 0020"); /* Part 3, 16.1 */
	expect_cmd(1, "8001 0000000c 0000017b 0008");
	assert_int_equal(out[31], 0x77);
	assert_int_equal(out[39], 8);
}

/* NV_ReadPublic, then NV_Read in 512-byte chunks authorized by the index itself (AUTHREAD). */
static void t_nv_read_all(void **state)
{
	static u8 out[600], rsp[700];
	u32 len = 0, n;
	(void)state;
	fake_rsp_hex("8001 00000036 00000000 000e 01c00002 000b 00060000 0000 0258 0022 000b" D32("00"));
	n = unhex("8002 00000000 00000000 00000202 0200", rsp);
	memset(rsp + n, 0x61, 512);
	memcpy(rsp + n + 512, "\x00\x00\x00\x00\x00", 5);
	fake_rsp(rsp, n + 517);
	n = unhex("8002 00000000 00000000 0000005a 0058", rsp);
	memset(rsp + n, 0x62, 88);
	memcpy(rsp + n + 88, "\x00\x00\x00\x00\x00", 5);
	fake_rsp(rsp, n + 93);
	assert_int_equal(tpm2_nv_read_all(&fdev, TPM_NV_EK_CERT_RSA, out, sizeof(out), &len), TPM2_OK);
	expect_cmd(0, "8001 0000000e 00000169 01c00002"); /* Part 3, 31.6 */
	expect_cmd(1, "8002 00000023 0000014e 01c00002 01c00002" PW_AUTH "0200 0000"); /* 31.13 */
	expect_cmd(2, "8002 00000023 0000014e 01c00002 01c00002" PW_AUTH "0058 0200");
	assert_int_equal(len, 600);
	assert_int_equal(out[511], 0x61);
	assert_int_equal(out[512], 0x62);
}

/* Two sessions: the AK by password, the EK by its policy session. */
static void t_activate_credential(void **state)
{
	const u8 cred[2] = { 0xc1, 0xc2 }, secret[1] = { 0x5e };
	u8 out[TPM2_MAX_DIGEST];
	u16 n = 0;
	(void)state;
	fake_rsp_hex("8002 0000001c 00000000 00000004 0002 abcd" PW_RSP "0000 01 0000");
	assert_int_equal(tpm2_activate_credential(&fdev, 0x80000001, 0x80000000, 0x03000000, cred, 2, secret, 1,
						  out, &n),
			 TPM2_OK);
	/* Part 3, 12.5 */
	expect_cmd(0, "8002 0000002f 00000147 80000001 80000000 00000012 40000009 0000 00 0000 03000000 0000 01 0000"
		      "0002 c1c2 0001 5e");
	assert_int_equal(n, 2);
	assert_memory_equal(out, "\xab\xcd", 2);
}

/* ---- response framing: every bad response is TPM2_E_MALFORMED (or the TPM's own code) */
#define EVENT_OK "8002 00000039 00000000 00000026 00000001 000b" D32("22") PW_RSP

struct bad_rsp {
	const char *name, *hex; /* exactly as received, size field included */
	u32 want;
};

static const struct bad_rsp bad_event[] = {
	{ "good", EVENT_OK, TPM2_OK },
	{ "short header", "8002 0000", TPM2_E_MALFORMED },
	{ "size says more than received", "8002 0000003a 00000000 00000026 00000001 000b" D32("22") PW_RSP,
	  TPM2_E_MALFORMED },
	{ "size says less than received", "8002 00000038 00000000 00000026 00000001 000b" D32("22") PW_RSP,
	  TPM2_E_MALFORMED },
	{ "error code", "8001 0000000a 0000099d", 0x99d },
	{ "error with a body", "8001 0000000b 0000099d 00", TPM2_E_MALFORMED },
	{ "error tagged with sessions", "8002 0000000a 0000099d", TPM2_E_MALFORMED },
	{ "error code posing as a local one", "8001 0000000a 80000002", TPM2_E_MALFORMED },
	{ "success without sessions tag", "8001 00000039 00000000 00000026 00000001 000b" D32("22") PW_RSP,
	  TPM2_E_MALFORMED },
	{ "unknown tag", "00c4 00000039 00000000 00000026 00000001 000b" D32("22") PW_RSP, TPM2_E_MALFORMED },
	{ "parameterSize past the end", "8002 00000039 00000000 00000030 00000001 000b" D32("22") PW_RSP,
	  TPM2_E_MALFORMED },
	{ "parameterSize short of the digests", "8002 00000039 00000000 00000025 00000001 000b" D32("22") PW_RSP,
	  TPM2_E_MALFORMED },
	{ "no auth response", "8002 00000034 00000000 00000026 00000001 000b" D32("22"), TPM2_E_MALFORMED },
	{ "two auth responses", "8002 0000003e 00000000 00000026 00000001 000b" D32("22") PW_RSP PW_RSP,
	  TPM2_E_MALFORMED },
	{ "auth nonce past the end", "8002 00000039 00000000 00000026 00000001 000b" D32("22") "0009 00 0000",
	  TPM2_E_MALFORMED },
	{ "unknown hash in digests", "8002 00000039 00000000 00000026 00000001 0099" D32("22") PW_RSP,
	  TPM2_E_MALFORMED },
	{ "no SHA-256 digest", "8002 0000002d 00000000 0000001a 00000001 0004" "1111111111111111111111111111111111111111"
	  PW_RSP, TPM2_E_MALFORMED },
	{ "absurd digest count", "8002 00000039 00000000 00000026 ffffffff 000b" D32("22") PW_RSP, TPM2_E_MALFORMED },
};

static void t_bad_event(void **state)
{
	const struct bad_rsp *b = *state;
	u8 sha[32];
	fake_reset();
	fake_rsp_raw(b->hex);
	/* each row breaks one thing: all but the size rows carry a true size field */
	if (fk.rsp_len[0] >= 6 && !strstr(b->name, "size says"))
		assert_int_equal(fk.rsp[0][5] | fk.rsp[0][4] << 8, fk.rsp_len[0]);
	assert_int_equal(tpm2_pcr_event(&fdev, 10, "abc", 3, sha), b->want);
}

/* Every truncation of a good response, with its size field telling the truth about the cut. */
static void t_truncated_event(void **state)
{
	static u8 good[64];
	u32 n = unhex(EVENT_OK, good);
	u8 sha[32];
	(void)state;
	for (u32 cut = 0; cut < n; cut++) {
		fake_reset();
		fake_rsp(good, cut);
		assert_int_equal(tpm2_pcr_event(&fdev, 10, "abc", 3, sha), TPM2_E_MALFORMED);
	}
}

static void t_no_session_framing(void **state)
{
	u8 out[TPM2_MAX_SEALED + 1];
	(void)state;
	fake_rsp_raw("8002 00000010 00000000 0004 01020304"); /* sessions tag for a command without */
	assert_int_equal(tpm2_get_random(&fdev, out, 4), TPM2_E_MALFORMED);
	fake_reset();
	fake_rsp_hex("8001 00000011 00000000 0004 01020304 ff"); /* a byte after the parameters */
	assert_int_equal(tpm2_get_random(&fdev, out, 4), TPM2_E_MALFORMED);
	fake_reset();
	fake_rsp_hex("8001 0000000e 00000000 0002 0102"); /* more bytes than asked for would not fit */
	assert_int_equal(tpm2_get_random(&fdev, out, 1), TPM2_E_MALFORMED);
	fake_reset();
	fake_rsp_hex("8001 0000000c 00000000 0000"); /* no bytes at all: would loop forever */
	assert_int_equal(tpm2_get_random(&fdev, out, 4), TPM2_E_MALFORMED);
}

static void t_unseal_too_big(void **state)
{
	static u8 rsp[256];
	u8 out[TPM2_MAX_SEALED];
	u16 n;
	u32 len = unhex("8002 00000000 00000000 00000083 0081", rsp);
	(void)state;
	memset(rsp + len, 0x41, 129);
	len += 129;
	len += unhex("0000 01 0000", rsp + len);
	fake_rsp(rsp, len);
	assert_int_equal(tpm2_unseal(&fdev, 0x80000001, 0x03000000, out, &n), TPM2_E_MALFORMED);
}

static void t_transport(void **state)
{
	u8 sha[32];
	(void)state;
	fake_rsp_hex(EVENT_OK);
	fk.rc = TPM2_E_TRANSPORT;
	assert_int_equal(tpm2_pcr_event(&fdev, 10, "abc", 3, sha), TPM2_E_TRANSPORT);
	fake_reset();
	fake_rsp_hex(EVENT_OK);
	fk.claim_len = TPM2_BUF_MAX + 1; /* a transport claiming more than the buffer holds */
	assert_int_equal(tpm2_pcr_event(&fdev, 10, "abc", 3, sha), TPM2_E_TRANSPORT);
}

static void t_pcr_read_bad(void **state)
{
	static u8 pcrs[24][32];
	(void)state;
	fake_rsp_hex("8001 00000000 00000000 00000005 00000001 000b 03 000001 00000001 0020" D32("08"));
	assert_int_equal(tpm2_pcr_read(&fdev, 0x100, pcrs), TPM2_E_MALFORMED); /* PCR 16, not asked for */
	fake_reset();
	fake_rsp_hex("8001 00000000 00000000 00000005 00000001 000b 03 000100 00000002 0020" D32("08"));
	assert_int_equal(tpm2_pcr_read(&fdev, 0x100, pcrs), TPM2_E_MALFORMED); /* count is not the selection */
	fake_reset();
	fake_rsp_hex("8001 00000000 00000000 00000005 00000001 000b 03 000000 00000000");
	assert_int_equal(tpm2_pcr_read(&fdev, 0x100, pcrs), TPM2_E_MALFORMED); /* no progress */
	fake_reset();
	fake_rsp_hex("8001 00000000 00000000 00000005 00000001 0004 03 000100 00000001 0014" D32("08"));
	assert_int_equal(tpm2_pcr_read(&fdev, 0x100, pcrs), TPM2_E_MALFORMED); /* SHA-1 bank */
	assert_int_equal(tpm2_pcr_read(&fdev, 1u << 24, pcrs), TPM2_E_TOOBIG);
}

static void t_too_big(void **state)
{
	static u8 big[TPM2_BUF_MAX];
	u8 sha[32];
	u32 h;
	struct tpm2_pub pub;
	(void)state;
	fake_rsp_hex(EVENT_OK);
	assert_int_equal(tpm2_pcr_event(&fdev, 10, big, 1025, sha), TPM2_E_TOOBIG);
	assert_int_equal(tpm2_create_primary(&fdev, TPM_RH_OWNER, big, 4090, &h, &pub), TPM2_E_TOOBIG);
	assert_int_equal(fk.ncmd, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(t_startup, setup),
		cmocka_unit_test_setup(t_flush, setup),
		cmocka_unit_test_setup(t_pcr_read, setup),
		cmocka_unit_test_setup(t_pcr_read_twice, setup),
		cmocka_unit_test_setup(t_pcr_event, setup),
		cmocka_unit_test_setup(t_unseal_policy_session, setup),
		cmocka_unit_test_setup(t_start_session, setup),
		cmocka_unit_test_setup(t_policy_pcr, setup),
		cmocka_unit_test_setup(t_policy_secret, setup),
		cmocka_unit_test_setup(t_create_primary_ek, setup),
		cmocka_unit_test_setup(t_load, setup),
		cmocka_unit_test_setup(t_quote, setup),
		cmocka_unit_test_setup(t_get_random, setup),
		cmocka_unit_test_setup(t_nv_read_all, setup),
		cmocka_unit_test_setup(t_activate_credential, setup),
	};
	const struct CMUnitTest framing[] = {
		cmocka_unit_test_setup(t_truncated_event, setup),
		cmocka_unit_test_setup(t_no_session_framing, setup),
		cmocka_unit_test_setup(t_unseal_too_big, setup),
		cmocka_unit_test_setup(t_transport, setup),
		cmocka_unit_test_setup(t_pcr_read_bad, setup),
		cmocka_unit_test_setup(t_too_big, setup),
	};
	static struct unit_group bad;
	int failed = cmocka_run_group_tests(tests, NULL, NULL) + cmocka_run_group_tests(framing, NULL, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(bad_event); i++)
		unit_add(&bad, bad_event[i].name, t_bad_event, (void *)&bad_event[i]);
	return failed + unit_run("PCR_Event responses", &bad);
}
