/* cordon: operator and policy-authority public keys, and RSA-PSS signature checks over libtomcrypt. */
#ifndef CORDON_LIB_SIG_H
#define CORDON_LIB_SIG_H
#include <cordon/types.h>

/*
 * A cordon public key file (.pub; cordon-ctl keygen writes it, boot.cfg names
 * it), big-endian:
 *   "CPK1" | u16 alg (SIG_ALG_RSA_PSS_SHA256) | u16 modulus bytes n | n bytes modulus | u32 exponent
 * The modulus is 2048 to 4096 bits with its top bit set; the exponent is odd and >= 3.
 * A key's id is SHA-256 of the whole file (what the loader measures).
 */
#define SIG_PUB_MAGIC 0x43504b31u /* "CPK1" */
#define SIG_ALG_RSA_PSS_SHA256 1
#define SIG_MIN_BYTES 256
#define SIG_MAX_BYTES 512
#define SIG_PUB_MAX (12 + SIG_MAX_BYTES)

struct sig_pub {
	u16 alg;
	u16 nbytes;
	u8 n[SIG_MAX_BYTES];
	u32 e;
};

/*
 * Lays out a key file for the big-endian modulus n[0..nbytes) and exponent e
 * into out (at least 12 + nbytes bytes); returns its length. It checks
 * nothing: its callers parse what it wrote (cordon-ctl keygen) or build bad
 * keys on purpose (the tests).
 */
u32 sig_pub_write(u8 *out, const u8 *n, u16 nbytes, u32 e);
/* Checks and reads a key file. Returns NULL, or a static reason (and *out is zeroed). */
const char *sig_pub_parse(const u8 *file, u32 len, struct sig_pub *out);

/*
 * Verifies an RSA-PSS (SHA-256, MGF1-SHA-256, salt 32) signature over the
 * 32-byte digest. Returns NULL when it is valid, else a static reason
 * ("bad signature", "signature has the wrong length", ...). Bounded work and
 * memory whatever the input; never keeps anything between calls.
 */
const char *sig_verify(const struct sig_pub *k, const u8 digest[32], const u8 *sig, u32 sig_len);

#endif
