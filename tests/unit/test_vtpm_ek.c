/* cordon unit tests: the engine's EK at start (vtpm/engine/engine_ek.c) against the host's libtpms. */
/* sources: vtpm/engine/engine_ek.c vtpm/engine/engine_nv.c -ltpms */
#include <tests/unit/unit.h>
#include <vtpm/engine/engine.h>

typedef uint8_t u8;
typedef uint32_t u32;

/*
 * TPM2_CreatePrimary(TPM_RH_ENDORSEMENT) with template L-1 of the TCG EK
 * Credential Profile (B.3.3), written out here byte by byte as a test vector,
 * independently of engine_ek.c's builder: same seed and template, same key,
 * so its Name must be the engine's.
 */
static const u8 create_ek[] = {
	0x80, 0x02, 0x00, 0x00, 0x01, 0x63, 0x00, 0x00, 0x01, 0x31, /* sessions, size 355, CreatePrimary */
	0x40, 0x00, 0x00, 0x0b,					    /* TPM_RH_ENDORSEMENT */
	0x00, 0x00, 0x00, 0x09, 0x40, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, /* password session */
	0x00, 0x04, 0x00, 0x00, 0x00, 0x00,			    /* inSensitive: empty */
	0x01, 0x3a,						    /* inPublic: 314 bytes */
	0x00, 0x01, 0x00, 0x0b, 0x00, 0x03, 0x00, 0xb2,		    /* RSA, SHA-256, attributes */
	0x00, 0x20, 0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc, 0x8d, 0x46, 0xa5, 0xd7,
	0x24, 0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa,
	0x00, 0x06, 0x00, 0x80, 0x00, 0x43, /* AES 128 CFB */
	0x00, 0x10, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, /* scheme NULL, 2048 bits, exponent 0 */
	0x01, 0x00, /* unique: 256 bytes, zero (the rest of the array) */
	[355 - 6] = 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* outsideInfo, creationPCR */
};

static u32 be(const u8 *p, int n)
{
	u32 v = 0;
	while (n--)
		v = v << 8 | *p++;
	return v;
}

static u32 process(const u8 *cmd, u32 len, u8 **rsp, u32 *rlen)
{
	static u8 *buf;
	static u32 cap;
	*rlen = 0;
	assert_int_equal(TPMLIB_Process(&buf, rlen, &cap, (u8 *)cmd, len), 0);
	assert_true(*rlen >= 10);
	*rsp = buf;
	return be(buf + 6, 4);
}

static void test_ek_at_start(void **state)
{
	static const u8 startup[12] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x44, 0, 0 };
	/* TPM2_GetCapability(TPM_CAP_HANDLES, TRANSIENT_FIRST, 8) (Part 3, 30.2) */
	static const u8 handles[22] = { 0x80, 0x01, 0, 0, 0, 22, 0, 0, 0x01, 0x7a, 0, 0, 0, 1,
					0x80, 0, 0, 0, 0, 0, 0, 8 };
	u8 name[EK_NAME_LEN], *r;
	u32 rc = 7, len, off, n;
	(void)state;
	assert_int_equal(sizeof(create_ek), 355);
	assert_int_equal(TPMLIB_ChooseTPMVersion(TPMLIB_TPM_VERSION_2), 0);
	assert_int_equal(nvstore_register(), 0);
	assert_int_equal(TPMLIB_MainInit(), 0);
	assert_null(engine_make_ek(name, &rc));
	assert_int_equal(rc, 0);
	assert_int_equal(name[0], 0x00);
	assert_int_equal(name[1], 0x0b);
	/* the guest's own Startup: TPM_RC_INITIALIZE (0x100), which Linux tolerates */
	assert_int_equal(process(startup, sizeof(startup), &r, &len), 0x100);
	/* the EK was flushed: no transient object is loaded (moreData, capability, count 0) */
	assert_int_equal(process(handles, sizeof(handles), &r, &len), 0);
	assert_int_equal(be(r + 15, 4), 0);
	/* the test vector makes the same key: its Name (the last sized field before no sessions) is the engine's */
	assert_int_equal(process(create_ek, sizeof(create_ek), &r, &len), 0);
	off = 18;
	for (int i = 0; i < 3; i++) /* outPublic, creationData, creationHash */
		off += 2 + be(r + off, 2);
	off += 6;		   /* creationTicket: tag, hierarchy */
	off += 2 + be(r + off, 2); /* its digest */
	n = be(r + off, 2);
	assert_int_equal(n, EK_NAME_LEN);
	assert_memory_equal(r + off + 2, name, EK_NAME_LEN);
	TPMLIB_Terminate();
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ek_at_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
