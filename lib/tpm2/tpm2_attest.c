/* cordon: TPM 2.0 NV reads, random bytes, policy sessions and ActivateCredential (Part 3, 11, 12, 16, 23, 31). */
#include <lib/tpm2/tpm2_int.h>
#include <lib/str.h>

#define NV_CHUNK 512	      /* fits every TPM's MAX_NV_BUFFER_SIZE */
#define TPMA_NV_OWNERREAD (1u << 17) /* Part 2, 13.4 */
#define TPMA_NV_AUTHREAD (1u << 18)
#define RANDOM_CHUNK 32	      /* a TPM returns at most one digest's worth per call */

/* NV_ReadPublic: TPM2B_NV_PUBLIC holding TPMS_NV_PUBLIC (Part 2, 13.5), then the name. */
static u32 nv_public(struct tpm_dev *d, u32 index, u32 *attrs, u16 *size)
{
	struct tpm2_call c;
	struct tpm_rd r, p;
	u32 rc;
	tc_start(&c, d, TPM_CC_NV_ReadPublic, 0);
	tc_handle(&c, index);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	tr_sub2b(&r, &p, 4 + 2 + 4 + 2 + TPM2_MAX_DIGEST + 2);
	tr_skip2b(&r, TPM2_MAX_NAME);
	if (r.err || tr_u32(&p) != index)
		return TPM2_E_MALFORMED;
	tr_u16(&p); /* nameAlg */
	*attrs = tr_u32(&p);
	tr_skip2b(&p, TPM2_MAX_DIGEST);
	*size = tr_u16(&p);
	rc = tc_end(&p);
	return rc ? rc : tc_end(&r);
}

/*
 * NV_Read of n bytes at off into out[off..], authorized by auth with an empty
 * password (Part 3, 31.13). Each index into out is checked against cap (the
 * caller's size check ensures it; make prove bounds it so).
 */
static u32 nv_chunk(struct tpm_dev *d, u32 auth, u32 index, u16 off, u16 n, u8 *out, u32 cap)
{
	static const u32 pw = TPM_RS_PW;
	struct tpm2_call c;
	struct tpm_rd r;
	u16 got;
	u32 rc;
	tc_start(&c, d, TPM_CC_NV_Read, 0);
	tc_handle(&c, auth);
	tc_handle(&c, index);
	tc_auth(&c, &pw, 1);
	tw_u16(&c.w, n);
	tw_u16(&c.w, off);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	got = tr_u16(&r);
	if (r.err || got != n)
		return TPM2_E_MALFORMED;
	for (u32 i = 0; i < n; i++) {
		u64 k = (u64)off + i;
		if (k >= cap)
			return TPM2_E_TOOBIG;
		out[k] = tr_u8(&r); /* 0 once the bytes run out: tc_end then fails */
	}
	return tc_end(&r);
}

u32 tpm2_nv_read_all(struct tpm_dev *d, u32 index, u8 *out, u32 cap, u32 *len)
{
	u32 attrs = 0, auth, rc;
	u16 size = 0;
	rc = nv_public(d, index, &attrs, &size);
	if (rc)
		return rc;
	if (size > cap)
		return TPM2_E_TOOBIG;
	/* EK certificate indices (swtpm: 0x62072001) allow reading with their own empty auth or the owner's. */
	auth = ((attrs & TPMA_NV_AUTHREAD) || !(attrs & TPMA_NV_OWNERREAD)) ? index : TPM_RH_OWNER;
	for (u32 off = 0; off < size; off += NV_CHUNK) {
		u16 n = (u16)(size - off < NV_CHUNK ? size - off : NV_CHUNK);
		rc = nv_chunk(d, auth, index, (u16)off, n, out, cap);
		if (rc)
			return rc;
	}
	*len = size;
	return TPM2_OK;
}

u32 tpm2_get_random(struct tpm_dev *d, u8 *out, u16 n)
{
	struct tpm2_call c;
	struct tpm_rd r;
	const u8 *b;
	u16 got;
	u32 rc;
	for (u16 done = 0; done < n; done = (u16)(done + got)) {
		u16 want = n - done < RANDOM_CHUNK ? (u16)(n - done) : RANDOM_CHUNK;
		tc_start(&c, d, TPM_CC_GetRandom, 0);
		tw_u16(&c.w, want);
		rc = tc_run(&c, &r);
		if (rc)
			return rc;
		b = tr_tpm2b(&r, &got, want);
		if (!b || got == 0 || tc_end(&r))
			return TPM2_E_MALFORMED;
		c_memcpy(out + done, b, got);
	}
	return TPM2_OK;
}

/* StartAuthSession (Part 3, 11.1): no tpmKey, no bind, no symmetric; nonceCaller is not secret here. */
u32 tpm2_start_policy_session(struct tpm_dev *d, u32 *session)
{
	static const u8 nonce[32];
	struct tpm2_call c;
	struct tpm_rd r;
	u32 rc;
	tc_start(&c, d, TPM_CC_StartAuthSession, 1);
	tc_handle(&c, TPM_RH_NULL);
	tc_handle(&c, TPM_RH_NULL);
	tw_tpm2b(&c.w, nonce, sizeof(nonce));
	tw_u16(&c.w, 0); /* encryptedSalt */
	tw_u8(&c.w, TPM_SE_POLICY);
	tw_u16(&c.w, TPM_ALG_NULL);
	tw_u16(&c.w, TPM_ALG_SHA256);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	tr_skip2b(&r, TPM2_MAX_DIGEST); /* nonceTPM */
	return tc_end_handle(&c, &r, session);
}

/* PolicySecret (Part 3, 23.4) with empty nonceTPM, cpHashA and policyRef, no expiration. */
u32 tpm2_policy_secret(struct tpm_dev *d, u32 auth_handle, u32 session)
{
	static const u32 pw = TPM_RS_PW;
	struct tpm2_call c;
	struct tpm_rd r;
	u32 rc;
	tc_start(&c, d, TPM_CC_PolicySecret, 0);
	tc_handle(&c, auth_handle);
	tc_handle(&c, session);
	tc_auth(&c, &pw, 1);
	tw_u16(&c.w, 0);
	tw_u16(&c.w, 0);
	tw_u16(&c.w, 0);
	tw_u32(&c.w, 0);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	tr_skip2b(&r, TPM2_MAX_DIGEST); /* timeout */
	tr_u16(&r);			/* policyTicket: TPMT_TK_AUTH (Part 2, 10.7.5) */
	tr_u32(&r);
	tr_skip2b(&r, TPM2_MAX_DIGEST);
	return tc_end(&r);
}

/* PolicyPCR (Part 3, 23.7) with an empty pcrDigest: the TPM uses the PCRs' current values. */
u32 tpm2_policy_pcr(struct tpm_dev *d, u32 session, u32 mask)
{
	struct tpm2_call c;
	tc_start(&c, d, TPM_CC_PolicyPCR, 0);
	tc_handle(&c, session);
	tw_u16(&c.w, 0);
	tw_pcr_sel(&c.w, mask);
	return tc_run_empty(&c);
}

/* ActivateCredential (Part 3, 12.5): activateHandle by password, keyHandle by the EK's policy session. */
u32 tpm2_activate_credential(struct tpm_dev *d, u32 ak, u32 ek, u32 ek_session, const u8 *cred,
			     u16 cred_len, const u8 *secret, u16 secret_len, u8 *out, u16 *out_len)
{
	const u32 sess[2] = { TPM_RS_PW, ek_session };
	struct tpm2_call c;
	struct tpm_rd r;
	u32 rc;
	tc_start(&c, d, TPM_CC_ActivateCredential, 0);
	tc_handle(&c, ak);
	tc_handle(&c, ek);
	tc_auth(&c, sess, 2);
	tw_tpm2b(&c.w, cred, cred_len);
	tw_tpm2b(&c.w, secret, secret_len);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	tr_take2b(&r, out, out_len, TPM2_MAX_DIGEST);
	return tc_end(&r);
}
