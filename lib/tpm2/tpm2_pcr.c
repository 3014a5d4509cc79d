/* cordon: TPM 2.0 PCR commands: PCR_Event, PCR_Read and Quote (Part 3, 22.3, 22.4, 18.4). */
#include <lib/tpm2/tpm2_int.h>
#include <lib/str.h>

#define MAX_EVENT 1024 /* TPM2B_EVENT (Part 2, 10.4.7) */
#define HASH_COUNT 16	/* more banks than any TPM has: a larger count is garbage */

/* TPML_DIGEST_VALUES (Part 2, 10.9.8): one TPMT_HA per bank; keeps the SHA-256 one. */
static bool take_sha256(struct tpm_rd *r, u8 sha256[32])
{
	u32 count = tr_u32(r);
	bool found = false;
	if (count > HASH_COUNT)
		r->err = true;
	for (u32 i = 0; i < count && !r->err; i++) {
		u16 alg = tr_u16(r), size = tpm2_digest_size(alg);
		if (size == 0)
			r->err = true;
		else if (alg == TPM_ALG_SHA256 && tr_copy(r, sha256, 32))
			found = true;
		else if (alg != TPM_ALG_SHA256)
			tr_bytes(r, size);
	}
	return found;
}

u32 tpm2_pcr_event(struct tpm_dev *d, u32 pcr, const void *data, u16 len, u8 sha256[32])
{
	struct tpm2_call c;
	struct tpm_rd r;
	u32 rc;
	if (len > MAX_EVENT)
		return TPM2_E_TOOBIG;
	tc_start_auth(&c, d, TPM_CC_PCR_Event, 0, pcr, TPM_RS_PW);
	tw_tpm2b(&c.w, data, len);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	if (!take_sha256(&r, sha256))
		return TPM2_E_MALFORMED; /* every TPM we use has the SHA-256 bank */
	return tc_end(&r);
}

/* Set bits, without __builtin_popcount: that may call libgcc, which the hypervisor does not link. */
static u32 bits(u32 m)
{
	u32 n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

/*
 * One PCR_Read: the TPM returns at most 8 digests and says in pcrSelectionOut
 * which PCRs they are, in ascending order (Part 3, 22.4.1).
 */
static u32 pcr_read_once(struct tpm_dev *d, u32 want, u32 *got, u8 out[24][32])
{
	struct tpm2_call c;
	struct tpm_rd r;
	u32 rc, sel, count;
	u16 hash, n;
	tc_start(&c, d, TPM_CC_PCR_Read, 0);
	tw_pcr_sel(&c.w, want);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	tr_u32(&r); /* pcrUpdateCounter */
	tr_pcr_sel(&r, &hash, &sel);
	count = tr_u32(&r);
	if (hash != TPM_ALG_SHA256 || (sel & ~want) || count != bits(sel))
		return TPM2_E_MALFORMED;
	for (u32 i = 0; i < TPM2_PCRS && !r.err; i++) {
		const u8 *b = (sel >> i & 1) ? tr_tpm2b(&r, &n, 32) : NULL;
		if (b && n != 32)
			r.err = true;
		else if (b)
			c_memcpy(out[i], b, 32);
	}
	*got = sel;
	return tc_end(&r);
}

u32 tpm2_pcr_read(struct tpm_dev *d, u32 mask, u8 out[24][32])
{
	u32 got = 0, rc;
	if (mask >> TPM2_PCRS)
		return TPM2_E_TOOBIG;
	while (mask) {
		rc = pcr_read_once(d, mask, &got, out);
		if (rc)
			return rc;
		if (!got) /* no progress: the TPM would have us loop forever */
			return TPM2_E_MALFORMED;
		mask &= ~got;
	}
	return TPM2_OK;
}

/* Quote with the key's own scheme (inScheme TPM_ALG_NULL); the signature is the last parameter. */
u32 tpm2_quote(struct tpm_dev *d, u32 ak, const u8 *nonce, u16 nonce_len, u32 mask, u8 *attest,
	       u16 *attest_len, u8 *sig, u16 *sig_len)
{
	struct tpm2_sig_info si;
	struct tpm2_call c;
	struct tpm_rd r;
	u32 rc, slen;
	u16 alen;
	tc_start_auth(&c, d, TPM_CC_Quote, 0, ak, TPM_RS_PW);
	tw_tpm2b(&c.w, nonce, nonce_len);
	tw_u16(&c.w, TPM_ALG_NULL);
	tw_pcr_sel(&c.w, mask);
	rc = tc_run(&c, &r);
	if (rc)
		return rc;
	/* copied out first, so the signature is parsed in sig (outputs mean nothing after a failure) */
	if (!tr_take2b(&r, attest, &alen, TPM2_MAX_ATTEST))
		return TPM2_E_MALFORMED;
	slen = r.len - r.off;
	c_memset(sig, 0, TPM2_MAX_SIG); /* tpm2_sig_parse reads no byte the TPM did not send (make prove) */
	if (slen > TPM2_MAX_SIG || !tr_copy(&r, sig, slen) || tpm2_sig_parse(sig, slen, &si) != TPM2_OK)
		return TPM2_E_MALFORMED;
	*attest_len = alen;
	*sig_len = (u16)slen;
	return TPM2_OK;
}
