/* cordon: TPM 2.0 object templates and the commands that create, load, unseal and flush objects. */
#include <lib/tpm2/tpm2_int.h>
#include <lib/str.h>

/* PolicySecret(TPM_RH_ENDORSEMENT) digest: TCG EK Credential Profile 2.0, B.3.2. */
static const u8 ek_policy[32] = {
	0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc, 0x8d, 0x46, 0xa5, 0xd7, 0x24,
	0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa,
};
static const u8 zeros[256];

/* TPMT_PUBLIC header (Part 2, 12.2.4): type, nameAlg, objectAttributes, authPolicy. */
static void pub_head(struct tpm_wr *w, u16 type, u32 attrs, const u8 *policy, u16 policy_len)
{
	tw_u16(w, type);
	tw_u16(w, TPM_ALG_SHA256);
	tw_u32(w, attrs);
	tw_tpm2b(w, policy, policy_len);
}

/* TPMT_SYM_DEF_OBJECT (Part 2, 11.1.7): AES-128-CFB for storage keys, TPM_ALG_NULL otherwise. */
static void sym_def(struct tpm_wr *w, bool aes128cfb)
{
	tw_u16(w, aes128cfb ? TPM_ALG_AES : TPM_ALG_NULL);
	if (aes128cfb) {
		tw_u16(w, 128);
		tw_u16(w, TPM_ALG_CFB);
	}
}

/* TPMS_RSA_PARMS (Part 2, 12.2.3.5), 2048 bits, default exponent. */
static void rsa_parms(struct tpm_wr *w, bool aes128cfb, u16 scheme)
{
	sym_def(w, aes128cfb);
	tw_u16(w, scheme);
	if (scheme != TPM_ALG_NULL)
		tw_u16(w, TPM_ALG_SHA256);
	tw_u16(w, 2048);
	tw_u32(w, 0);
}

void tpm2_tmpl_ek_rsa(struct tpm_wr *w)
{
	pub_head(w, TPM_ALG_RSA,
		 TPMA_FIXED_TPM | TPMA_FIXED_PARENT | TPMA_SENSITIVE_DATA_ORIGIN | TPMA_ADMIN_WITH_POLICY |
			 TPMA_RESTRICTED | TPMA_DECRYPT,
		 ek_policy, sizeof(ek_policy));
	rsa_parms(w, true, TPM_ALG_NULL);
	tw_tpm2b(w, zeros, 256); /* unique: 256 zero bytes, as template L-1 requires */
}

void tpm2_tmpl_ak_rsa(struct tpm_wr *w)
{
	pub_head(w, TPM_ALG_RSA,
		 TPMA_FIXED_TPM | TPMA_FIXED_PARENT | TPMA_SENSITIVE_DATA_ORIGIN | TPMA_USER_WITH_AUTH | TPMA_NO_DA |
			 TPMA_RESTRICTED | TPMA_SIGN,
		 NULL, 0);
	rsa_parms(w, false, TPM_ALG_RSASSA);
	tw_u16(w, 0); /* unique: empty */
}

/* TPMS_ECC_PARMS (Part 2, 12.2.3.6) and an empty TPMS_ECC_POINT as unique. */
void tpm2_tmpl_srk_ecc(struct tpm_wr *w)
{
	pub_head(w, TPM_ALG_ECC,
		 TPMA_FIXED_TPM | TPMA_FIXED_PARENT | TPMA_SENSITIVE_DATA_ORIGIN | TPMA_USER_WITH_AUTH | TPMA_NO_DA |
			 TPMA_RESTRICTED | TPMA_DECRYPT,
		 NULL, 0);
	sym_def(w, true);
	tw_u16(w, TPM_ALG_NULL); /* scheme */
	tw_u16(w, TPM_ECC_NIST_P256);
	tw_u16(w, TPM_ALG_NULL); /* kdf */
	tw_u16(w, 0);
	tw_u16(w, 0);
}

/* TPMS_KEYEDHASH_PARMS with a NULL scheme is a sealed data object (Part 2, 12.2.3.3; Part 1, 27.2.4). */
void tpm2_tmpl_sealed(struct tpm_wr *w, const u8 policy[32])
{
	pub_head(w, TPM_ALG_KEYEDHASH, TPMA_FIXED_TPM | TPMA_FIXED_PARENT, policy, 32);
	tw_u16(w, TPM_ALG_NULL);
	tw_u16(w, 0); /* unique: the TPM computes it */
}

/* TPM2B_SENSITIVE_CREATE (Part 2, 11.1.16): empty userAuth, then data. */
static void sensitive_create(struct tpm_wr *w, const u8 *data, u16 len)
{
	u32 at = tw_size_begin(w);
	tw_u16(w, 0);
	tw_tpm2b(w, data, len);
	tw_size_end(w, at);
}

/* Parameters shared by Create and CreatePrimary after inPublic (Part 3, 12.1 and 24.1). */
static void create_tail(struct tpm_wr *w)
{
	tw_u16(w, 0); /* outsideInfo */
	tw_u32(w, 0); /* creationPCR: no selection */
}

/* creationData, creationHash, creationTicket (TPMT_TK_CREATION, Part 2, 10.7.3): checked, not kept. */
static void skip_creation(struct tpm_rd *r)
{
	tr_skip2b(r, TPM2_BUF_MAX);
	tr_skip2b(r, TPM2_MAX_DIGEST);
	tr_u16(r);
	tr_u32(r);
	tr_skip2b(r, TPM2_MAX_DIGEST);
}

u32 tpm2_startup(struct tpm_dev *d, u16 type)
{
	struct tpm2_call c;
	tc_start(&c, d, TPM_CC_Startup, 0);
	tw_u16(&c.w, type);
	return tc_run_empty(&c);
}

u32 tpm2_create_primary(struct tpm_dev *d, u32 hierarchy, const u8 *tmpl, u16 tmpl_len, u32 *handle,
			struct tpm2_pub *out)
{
	struct tpm2_pub_info pi;
	struct tpm2_call c;
	struct tpm_rd r;
	u16 n;
	u32 rc;
	tc_start_auth(&c, d, TPM_CC_CreatePrimary, 1, hierarchy, TPM_RS_PW);
	sensitive_create(&c.w, NULL, 0);
	tw_tpm2b(&c.w, tmpl, tmpl_len);
	create_tail(&c.w);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	tr_take2b(&r, out->b + 2, &n, sizeof(out->b) - 2);
	skip_creation(&r);
	tr_skip2b(&r, TPM2_MAX_NAME);
	rc = tc_end_handle(&c, &r, handle);
	if (rc)
		return rc;
	out->len = (u16)(n + 2);
	out->b[0] = (u8)(n >> 8);
	out->b[1] = (u8)n;
	/* callers hash and decode it: a public area that does not parse is no answer, and no object */
	rc = tpm2_pub_parse(out->b, out->len, &pi);
	if (rc)
		tpm2_flush(d, *handle);
	return rc;
}

u32 tpm2_flush(struct tpm_dev *d, u32 handle)
{
	struct tpm2_call c;
	tc_start(&c, d, TPM_CC_FlushContext, 0);
	tw_u32(&c.w, handle); /* flushHandle is a parameter, not a handle (Part 3, 28.4) */
	return tc_run_empty(&c);
}

u32 tpm2_create_sealed(struct tpm_dev *d, u32 parent, const u8 policy[32], const u8 *data, u16 data_len,
		       u8 *priv, u16 *priv_len, u8 *pub, u16 *pub_len)
{
	struct tpm2_call c;
	struct tpm_rd r;
	u32 rc, at;
	if (data_len > TPM2_MAX_SEALED)
		return TPM2_E_TOOBIG;
	tc_start_auth(&c, d, TPM_CC_Create, 0, parent, TPM_RS_PW);
	sensitive_create(&c.w, data, data_len);
	at = tw_size_begin(&c.w); /* inPublic, with the template written in place */
	tpm2_tmpl_sealed(&c.w, policy);
	tw_size_end(&c.w, at);
	create_tail(&c.w);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	tr_take2b(&r, priv, priv_len, TPM2_MAX_PRIVATE);
	tr_take2b(&r, pub, pub_len, TPM2_MAX_PUBLIC - 2);
	skip_creation(&r);
	return tc_end(&r);
}

u32 tpm2_load(struct tpm_dev *d, u32 parent, const u8 *priv, u16 priv_len, const u8 *pub, u16 pub_len,
	      u32 *handle)
{
	struct tpm2_call c;
	struct tpm_rd r;
	u32 rc;
	tc_start_auth(&c, d, TPM_CC_Load, 1, parent, TPM_RS_PW);
	tw_tpm2b(&c.w, priv, priv_len);
	tw_tpm2b(&c.w, pub, pub_len);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	tr_skip2b(&r, TPM2_MAX_NAME);
	return tc_end_handle(&c, &r, handle);
}

u32 tpm2_unseal(struct tpm_dev *d, u32 item, u32 session, u8 *out, u16 *out_len)
{
	struct tpm2_call c;
	struct tpm_rd r;
	u32 rc;
	tc_start_auth(&c, d, TPM_CC_Unseal, 0, item, session);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	tr_take2b(&r, out, out_len, TPM2_MAX_SEALED);
	return tc_end(&r);
}
