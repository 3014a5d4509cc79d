/* cordon: RSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) signature check through libtomcrypt. */
/* tomcrypt.h declares ltm_desc only when LTM_DESC is defined (the freestanding LTC_CFLAGS define it too). */
#ifndef LTM_DESC
#define LTM_DESC
#endif
#include <tomcrypt.h>
#include <lib/sig/sig.h>
#include <lib/sig/sig_heap.h>

#define SIG_SALT_BYTES 32
#define SIG_DIGEST_BYTES 32

/*
 * Freestanding builds (the hypervisor) give the libraries the sig_heap arena for the length of one
 * check; hosted builds (tools, unit tests) link Debian's libraries, which use libc's malloc.
 */
#if __STDC_HOSTED__
static void heap_begin(void)
{
}
static void heap_end(void)
{
}
#else
#define heap_begin sig_heap_begin
#define heap_end sig_heap_end
#endif

/*
 * The key comes from sig_pub_parse, but a caller may hand us a zeroed or stale struct: check what
 * bounds our work (the modulus length) and what makes RSA meaningless (e < 3, an even e) again.
 */
static const char *check_key(const struct sig_pub *k)
{
	if (!k || k->alg != SIG_ALG_RSA_PSS_SHA256)
		return "key is not an RSA-PSS-SHA256 key";
	if (k->nbytes < SIG_MIN_BYTES || k->nbytes > SIG_MAX_BYTES || !(k->n[0] & 0x80))
		return "key has no valid modulus";
	if (k->e < 3 || !(k->e & 1))
		return "key has no valid exponent";
	return NULL;
}

/*
 * RSAVP1 (RFC 8017, 5.2.2) refuses a representative outside [0, n-1]. libtomcrypt 1.18 lets s == n
 * through (it only refuses s > n), so we compare ourselves: both are nbytes long, big-endian.
 */
static bool below_modulus(const u8 *s, const struct sig_pub *k)
{
	for (u32 i = 0; i < k->nbytes; i++)
		if (s[i] != k->n[i])
			return s[i] < k->n[i];
	return false;
}

/* libtomcrypt's status, in words an operator can act on; anything else is our bug or a lack of memory. */
static const char *ltc_reason(int err)
{
	switch (err) {
	case CRYPT_MEM:
		return "out of memory checking the signature";
	case CRYPT_INVALID_PACKET:
	case CRYPT_PK_INVALID_SIZE:
		return "bad signature";
	default:
		return "signature check failed inside libtomcrypt";
	}
}

/* The PSS check itself, on a key and signature already known to be well formed. */
static const char *pss_check(const struct sig_pub *k, const u8 digest[32], const u8 *sig)
{
	u8 e[4] = { (u8)(k->e >> 24), (u8)(k->e >> 16), (u8)(k->e >> 8), (u8)k->e };
	rsa_key key;
	int stat = 0;
	/* ltc_mp starts empty in Debian's library and in ours: RSA without it fails an argument check. */
	if (!ltc_mp.name)
		ltc_mp = ltm_desc;
	/* idempotent: returns the slot sha256 already has */
	int hash = register_hash(&sha256_desc);
	if (hash < 0)
		return "SHA-256 is not available to libtomcrypt";
	int err = rsa_set_key(k->n, k->nbytes, e, sizeof(e), NULL, 0, &key);
	if (err != CRYPT_OK)
		return ltc_reason(err);
	err = rsa_verify_hash_ex(sig, k->nbytes, digest, SIG_DIGEST_BYTES, LTC_PKCS_1_PSS, hash, SIG_SALT_BYTES,
				 &stat, &key);
	rsa_free(&key);
	if (err != CRYPT_OK)
		return ltc_reason(err);
	return stat == 1 ? NULL : "bad signature";
}

const char *sig_verify(const struct sig_pub *k, const u8 digest[32], const u8 *sig, u32 sig_len)
{
	const char *why = check_key(k);
	if (why)
		return why;
	if (!digest || !sig)
		return "no digest or no signature";
	if (sig_len != k->nbytes)
		return "signature has the wrong length";
	if (!below_modulus(sig, k))
		return "signature is not below the key's modulus";
	heap_begin();
	why = pss_check(k, digest, sig);
	heap_end();
	return why;
}
