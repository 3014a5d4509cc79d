/* cordon-attest: TPM2_MakeCredential done by the verifier (TPM 2.0 Part 1, 24 "Credential Protection"). */
#ifndef CORDON_ATTEST_MAKECRED_H
#define CORDON_ATTEST_MAKECRED_H
#include <cordon/types.h>
#include <tools/attest/crypto.h>

#define MAKECRED_MAX_BLOB 256	/* TPM2B_ID_OBJECT body */
#define MAKECRED_MAX_SECRET 512 /* TPM2B_ENCRYPTED_SECRET body: one RSA block */

/* What the TPM's ActivateCredential takes, as TPM2B bodies (without their size fields). */
struct makecred_out {
	u8 blob[MAKECRED_MAX_BLOB];
	u32 blob_len;
	u8 secret[MAKECRED_MAX_SECRET];
	u32 secret_len;
};

/*
 * KDFa with SHA-256 (Part 1, 11.4.10.2): HMAC(key, [i]32 || label || 00 ||
 * u || v || [bits]32) for i = 1, 2, ... truncated to bits (a multiple of 8).
 */
void kdfa_sha256(const u8 *key, u32 key_len, const char *label, const u8 *u, u32 u_len, const u8 *v, u32 v_len,
		 u32 bits, u8 *out);

/*
 * Protects cred (at most 64 bytes) for the object called name, to the EK
 * (an RSA storage key with nameAlg SHA-256 and AES-128-CFB as its symmetric
 * algorithm, as in the TCG EK template). seed: 32 bytes, or NULL for random.
 * Returns NULL or a reason.
 */
const char *makecred(const struct crypto_rsa *ek, const u8 *name, u32 name_len, const u8 *cred, u32 cred_len,
		     const u8 *seed, struct makecred_out *out);

#endif
