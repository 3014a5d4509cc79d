/* cordon-attest: TPM2_MakeCredential done by the verifier (TPM 2.0 Part 1, 24 "Credential Protection"). */
#include <string.h>
#include <tools/attest/makecred.h>

#define SEED_LEN 32	/* the EK's nameAlg digest size (Part 1, 24.3: the seed is as long as it) */
#define SYM_KEY_BITS 128 /* AES-128, the EK template's symmetric algorithm */

static void be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24), p[1] = (u8)(v >> 16), p[2] = (u8)(v >> 8), p[3] = (u8)v;
}

void kdfa_sha256(const u8 *key, u32 key_len, const char *label, const u8 *u, u32 u_len, const u8 *v, u32 v_len,
		 u32 bits, u8 *out)
{
	u8 msg[4 + 32 + 1 + 128 + 128 + 4], block[32];
	u32 llen = (u32)strlen(label), bytes = bits / 8, n = 0;
	/* The fixed part after the counter: label, its terminating zero, contextU, contextV, [bits]. */
	u32 mlen = 4 + llen + 1 + u_len + v_len + 4;
	if (llen > 32 || u_len > 128 || v_len > 128)
		return; /* callers pass constants and names; never reached */
	memcpy(msg + 4, label, llen);
	msg[4 + llen] = 0;
	if (u_len) /* memcpy from NULL is undefined even for zero bytes */
		memcpy(msg + 5 + llen, u, u_len);
	if (v_len)
		memcpy(msg + 5 + llen + u_len, v, v_len);
	be32(msg + mlen - 4, bits);
	for (u32 i = 1; n < bytes; i++) {
		be32(msg, i);
		crypto_hmac256(key, key_len, msg, mlen, NULL, 0, block);
		u32 take = bytes - n < 32 ? bytes - n : 32;
		memcpy(out + n, block, take);
		n += take;
	}
}

/* Part 1, 24.4: encIdentity = CFB(symKey, IV 0, TPM2B_DIGEST(credential)); symKey from "STORAGE". */
static const char *enc_identity(const u8 *seed, const u8 *name, u32 name_len, const u8 *cred, u32 cred_len,
				u8 *out)
{
	u8 sym[SYM_KEY_BITS / 8];
	kdfa_sha256(seed, SEED_LEN, "STORAGE", name, name_len, NULL, 0, SYM_KEY_BITS, sym);
	out[0] = (u8)(cred_len >> 8), out[1] = (u8)cred_len;
	memcpy(out + 2, cred, cred_len);
	return crypto_aes_cfb0(sym, sizeof(sym), out, 2 + cred_len) < 0 ? "AES-CFB failed" : NULL;
}

const char *makecred(const struct crypto_rsa *ek, const u8 *name, u32 name_len, const u8 *cred, u32 cred_len,
		     const u8 *seed, struct makecred_out *out)
{
	/* The OAEP label is "IDENTITY" with its terminating zero (Part 1, 24.1). */
	static const char label[] = "IDENTITY";
	u8 rnd[SEED_LEN], hmac_key[32], *enc = out->blob + 2 + 32;
	const char *err;
	if (cred_len == 0 || cred_len > 64 || name_len == 0 || name_len > 68)
		return "credential or name length out of range";
	if (!seed) {
		if (crypto_random(rnd, sizeof(rnd)) < 0)
			return "no random seed";
		seed = rnd;
	}
	if ((err = enc_identity(seed, name, name_len, cred, cred_len, enc)))
		return err;
	/* Part 1, 24.5: outerHMAC = HMAC(KDFa(seed, "INTEGRITY", 256 bits), encIdentity || name). */
	kdfa_sha256(seed, SEED_LEN, "INTEGRITY", NULL, 0, NULL, 0, 256, hmac_key);
	out->blob[0] = 0, out->blob[1] = 32;
	crypto_hmac256(hmac_key, sizeof(hmac_key), enc, 2 + cred_len, name, name_len, out->blob + 2);
	out->blob_len = 2 + 32 + 2 + cred_len;
	out->secret_len = sizeof(out->secret);
	if (crypto_rsa_oaep(ek, label, sizeof(label), seed, SEED_LEN, out->secret, &out->secret_len) < 0)
		return "RSA-OAEP encryption to the EK failed";
	return NULL;
}
