/* cordon-attest: the libtomcrypt services the verifier uses (hashes, RSA, AES-CFB, randomness). */
#ifndef CORDON_ATTEST_CRYPTO_H
#define CORDON_ATTEST_CRYPTO_H
/* Declares ltm_desc: RSA needs a math library plugged in (libtommath here). */
#define LTM_DESC
#include <tomcrypt.h>
#include <cordon/types.h>

/* Digest algorithms the verifier knows, as indexes into libtomcrypt's table. */
enum crypto_hash { CRYPTO_SHA256, CRYPTO_SHA384, CRYPTO_SHA512, CRYPTO_NHASH };

/* Registers hashes, AES and the system PRNG and plugs libtommath into ltc_mp. Idempotent. */
int crypto_init(void);
int crypto_hash_idx(enum crypto_hash h);
u32 crypto_hash_size(enum crypto_hash h);
void crypto_digest(enum crypto_hash h, const void *data, u32 len, u8 *out);
/* Random bytes from the operating system; 0 or -1. */
int crypto_random(void *out, u32 n);

/* An RSA public key from big-endian modulus and exponent bytes. */
struct crypto_rsa {
	const u8 *n, *e;
	u32 n_len, e_len;
};
/* RSASSA-PKCS1-v1_5 over msg with hash h (RFC 8017, 8.2.2). 1 valid, 0 not. */
int crypto_rsa_verify(const struct crypto_rsa *k, enum crypto_hash h, const void *msg, u32 msg_len,
		      const u8 *sig, u32 sig_len);
/* RSAES-OAEP with SHA-256 and a label (RFC 8017, 7.1.1). 0 ok (*out_len set), -1 failed. */
int crypto_rsa_oaep(const struct crypto_rsa *k, const void *label, u32 label_len, const u8 *in, u32 in_len,
		    u8 *out, u32 *out_len);
/* AES-CFB encryption in place with a zero IV (the TPM's credential and parameter encryption). */
int crypto_aes_cfb0(const u8 *key, u32 key_len, u8 *buf, u32 len);
/* HMAC-SHA256 over the concatenation of two buffers. */
void crypto_hmac256(const u8 *key, u32 key_len, const u8 *a, u32 a_len, const u8 *b, u32 b_len,
		    u8 out[32]);

#endif
