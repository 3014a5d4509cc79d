/* cordon: decoding what a TPM 2.0 produced: public areas, quotes, signatures, names, PCR policies. */
#include <lib/tpm2/tpm2_int.h>
#include <lib/sha256.h>
#include <lib/str.h>

#define MAX_RSA_BYTES 512 /* TPM2B_PUBLIC_KEY_RSA: up to 4096-bit keys */
#define MAX_ECC_BYTES 128 /* TPM2B_ECC_PARAMETER */

/* TPMT_SYM_DEF_OBJECT (Part 2, 11.1.7): keyBits and mode only when an algorithm is given. */
static void rd_sym(struct tpm_rd *r, struct tpm2_pub_info *o)
{
	o->sym_alg = tr_u16(r);
	if (o->sym_alg != TPM_ALG_NULL) {
		o->sym_bits = tr_u16(r);
		o->sym_mode = tr_u16(r);
	}
}

/* A scheme (TPMT_RSA_SCHEME, TPMT_ECC_SCHEME, TPMT_KDF_SCHEME...): every non-NULL one we accept has a hash. */
static void rd_scheme(struct tpm_rd *r, u16 *scheme, u16 *hash)
{
	*scheme = tr_u16(r);
	if (*scheme != TPM_ALG_NULL)
		*hash = tr_u16(r);
}

/* TPMS_RSA_PARMS (Part 2, 12.2.3.5) and unique.rsa. */
static void rd_rsa(struct tpm_rd *r, struct tpm2_pub_info *o)
{
	rd_sym(r, o);
	rd_scheme(r, &o->scheme, &o->scheme_hash);
	o->key_bits = tr_u16(r);
	o->exponent = tr_u32(r);
	o->modulus = tr_tpm2b(r, &o->modulus_len, MAX_RSA_BYTES);
}

/* TPMS_ECC_PARMS (Part 2, 12.2.3.6) and unique.ecc (TPMS_ECC_POINT, 11.2.5.2). */
static void rd_ecc(struct tpm_rd *r, struct tpm2_pub_info *o)
{
	u16 kdf, kdf_hash;
	rd_sym(r, o);
	rd_scheme(r, &o->scheme, &o->scheme_hash);
	tr_u16(r); /* curveID */
	rd_scheme(r, &kdf, &kdf_hash);
	tr_skip2b(r, MAX_ECC_BYTES);
	tr_skip2b(r, MAX_ECC_BYTES);
}

/* TPMS_KEYEDHASH_PARMS (Part 2, 12.2.3.3): HMAC has a hash, XOR a hash and a KDF. */
static void rd_keyedhash(struct tpm_rd *r, struct tpm2_pub_info *o)
{
	rd_scheme(r, &o->scheme, &o->scheme_hash);
	if (o->scheme == TPM_ALG_XOR)
		tr_u16(r);
	else if (o->scheme != TPM_ALG_NULL && o->scheme != TPM_ALG_HMAC)
		r->err = true;
	tr_skip2b(r, TPM2_MAX_DIGEST);
}

u32 tpm2_pub_parse(const u8 *b, u32 len, struct tpm2_pub_info *out)
{
	struct tpm_rd r = { .p = b, .len = len };
	c_memset(out, 0, sizeof(*out));
	if (len < 2 || tr_u16(&r) != len - 2)
		return TPM2_E_MALFORMED;
	out->type = tr_u16(&r);
	out->name_alg = tr_u16(&r);
	out->attrs = tr_u32(&r);
	out->policy = tr_tpm2b(&r, &out->policy_len, TPM2_MAX_DIGEST);
	if (out->type == TPM_ALG_RSA)
		rd_rsa(&r, out);
	else if (out->type == TPM_ALG_ECC)
		rd_ecc(&r, out);
	else if (out->type == TPM_ALG_KEYEDHASH)
		rd_keyedhash(&r, out);
	else if (out->type == TPM_ALG_SYMCIPHER) {
		rd_sym(&r, out);
		tr_skip2b(&r, TPM2_MAX_DIGEST);
	} else
		r.err = true;
	return tc_end(&r);
}

/*
 * TPMS_ATTEST (Part 2, 10.12.12) holding TPMS_QUOTE_INFO (10.12.4). A quote
 * without TPM_GENERATED_VALUE was not made by the TPM (a restricted key signs
 * nothing that starts with it), so it is rejected here, not left to callers.
 */
u32 tpm2_quote_parse(const u8 *attest, u32 len, struct tpm2_quote_info *out)
{
	struct tpm_rd r = { .p = attest, .len = len };
	c_memset(out, 0, sizeof(*out));
	out->magic = tr_u32(&r);
	out->type = tr_u16(&r);
	out->signer = tr_tpm2b(&r, &out->signer_len, TPM2_MAX_NAME);
	out->extra = tr_tpm2b(&r, &out->extra_len, TPM2_MAX_DIGEST + 2);
	out->clock = tr_u64(&r);
	out->reset_count = tr_u32(&r);
	out->restart_count = tr_u32(&r);
	out->safe = tr_u8(&r);
	out->firmware = tr_u64(&r);
	if (out->magic != TPM_GENERATED_VALUE || out->type != TPM_ST_ATTEST_QUOTE || out->safe > 1)
		return TPM2_E_MALFORMED;
	tr_pcr_sel(&r, &out->pcr_hash, &out->pcr_mask);
	out->pcr_digest = tr_tpm2b(&r, &out->pcr_digest_len, TPM2_MAX_DIGEST);
	return tc_end(&r);
}

/* TPMT_SIGNATURE (Part 2, 11.3.4): RSASSA and RSAPSS share TPMS_SIGNATURE_RSA (11.3.1). */
u32 tpm2_sig_parse(const u8 *b, u32 len, struct tpm2_sig_info *out)
{
	struct tpm_rd r = { .p = b, .len = len };
	c_memset(out, 0, sizeof(*out));
	out->alg = tr_u16(&r);
	out->hash = tr_u16(&r);
	out->sig = tr_tpm2b(&r, &out->sig_len, MAX_RSA_BYTES);
	if (out->alg != TPM_ALG_RSASSA && out->alg != TPM_ALG_RSAPSS)
		return TPM2_E_MALFORMED;
	return tc_end(&r);
}

/* Name = nameAlg || H(TPMT_PUBLIC) (Part 1, 16; Part 2, 10.5.3). */
u32 tpm2_name(const u8 *b, u32 len, u8 out[34])
{
	struct tpm2_pub_info pi;
	u32 rc = tpm2_pub_parse(b, len, &pi);
	if (rc)
		return rc;
	if (pi.name_alg != TPM_ALG_SHA256)
		return TPM2_E_MALFORMED;
	out[0] = TPM_ALG_SHA256 >> 8;
	out[1] = TPM_ALG_SHA256 & 0xff;
	sha256(b + 2, len - 2, out + 2);
	return TPM2_OK;
}

/*
 * PolicyPCR (Part 3, 23.7): digestTPM = H(PCR values in ascending order);
 * policyDigest = H(0^32 || TPM_CC_PolicyPCR || TPML_PCR_SELECTION || digestTPM).
 */
void tpm2_policy_pcr_digest(u32 mask, const u8 values[24][32], u8 out[32])
{
	static const u8 start[32]; /* a fresh policy session's digest */
	struct sha256_ctx h;
	u8 pcr_digest[32], buf[4 + 10];
	struct tpm_wr w = { .p = buf, .cap = sizeof(buf) };
	sha256_init(&h);
	for (u32 i = 0; i < TPM2_PCRS; i++)
		if (mask >> i & 1)
			sha256_update(&h, values[i], 32);
	sha256_final(&h, pcr_digest);
	tw_u32(&w, TPM_CC_PolicyPCR);
	tw_pcr_sel(&w, mask & 0xffffff);
	sha256_init(&h);
	sha256_update(&h, start, sizeof(start));
	sha256_update(&h, buf, w.len);
	sha256_update(&h, pcr_digest, sizeof(pcr_digest));
	sha256_final(&h, out);
}
