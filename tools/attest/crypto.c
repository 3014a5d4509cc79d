/* cordon-attest: thin wrappers over libtomcrypt/libtommath (no primitive is implemented here). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tools/attest/crypto.h>

static const char *const hash_names[CRYPTO_NHASH] = { "sha256", "sha384", "sha512" };
static int hash_idx[CRYPTO_NHASH] = { -1, -1, -1 };
static int aes_idx = -1, prng_idx = -1;
static prng_state prng; /* sprng keeps no state, but the API wants one */

/* A failure here means libtomcrypt itself is broken: nothing sensible is left to report. */
static void die(const char *what, int err)
{
	fprintf(stderr, "cordon-attest: libtomcrypt %s: %s\n", what, error_to_string(err));
	abort();
}

int crypto_init(void)
{
	static int ready;
	if (ready)
		return 0;
	/* libtomcrypt's RSA calls through ltc_mp; Debian's library leaves it empty. */
	ltc_mp = ltm_desc;
	if (register_hash(&sha256_desc) < 0 || register_hash(&sha384_desc) < 0 ||
	    register_hash(&sha512_desc) < 0 || register_cipher(&aes_desc) < 0 || register_prng(&sprng_desc) < 0)
		return -1;
	for (int i = 0; i < CRYPTO_NHASH; i++)
		hash_idx[i] = find_hash(hash_names[i]);
	aes_idx = find_cipher("aes");
	prng_idx = find_prng("sprng");
	if (aes_idx < 0 || prng_idx < 0 || sprng_start(&prng) != CRYPT_OK)
		return -1;
	for (int i = 0; i < CRYPTO_NHASH; i++)
		if (hash_idx[i] < 0)
			return -1;
	ready = 1;
	return 0;
}

int crypto_hash_idx(enum crypto_hash h)
{
	return hash_idx[h];
}

u32 crypto_hash_size(enum crypto_hash h)
{
	return (u32)hash_descriptor[hash_idx[h]].hashsize;
}

void crypto_digest(enum crypto_hash h, const void *data, u32 len, u8 *out)
{
	unsigned long n = crypto_hash_size(h);
	/* libtomcrypt refuses a NULL pointer even for zero bytes */
	int err = hash_memory(hash_idx[h], data ? data : (const void *)"", len, out, &n);
	if (err != CRYPT_OK)
		die("hash", err);
}

int crypto_random(void *out, u32 n)
{
	/* sprng reads the operating system's generator (/dev/urandom) on every call. */
	return sprng_read(out, n, &prng) == n ? 0 : -1;
}

static int load_key(const struct crypto_rsa *k, rsa_key *key)
{
	return rsa_set_key(k->n, k->n_len, k->e, k->e_len, NULL, 0, key) == CRYPT_OK ? 0 : -1;
}

/* The modulus length in bytes without leading zeros: a signature is exactly this long. */
static u32 modulus_bytes(const struct crypto_rsa *k)
{
	u32 i = 0;
	while (i < k->n_len && k->n[i] == 0)
		i++;
	return k->n_len - i;
}

int crypto_rsa_verify(const struct crypto_rsa *k, enum crypto_hash h, const void *msg, u32 msg_len,
		      const u8 *sig, u32 sig_len)
{
	u8 digest[64];
	rsa_key key;
	int stat = 0;
	if (sig_len != modulus_bytes(k) || load_key(k, &key) < 0)
		return 0;
	crypto_digest(h, msg, msg_len, digest);
	if (rsa_verify_hash_ex(sig, sig_len, digest, crypto_hash_size(h), LTC_PKCS_1_V1_5, hash_idx[h], 0, &stat,
			       &key) != CRYPT_OK)
		stat = 0;
	rsa_free(&key);
	return stat == 1;
}

int crypto_rsa_oaep(const struct crypto_rsa *k, const void *label, u32 label_len, const u8 *in, u32 in_len,
		    u8 *out, u32 *out_len)
{
	rsa_key key;
	unsigned long n = *out_len;
	int err;
	if (load_key(k, &key) < 0)
		return -1;
	err = rsa_encrypt_key_ex(in, in_len, out, &n, label, label_len, &prng, prng_idx, hash_idx[CRYPTO_SHA256],
				 LTC_PKCS_1_OAEP, &key);
	rsa_free(&key);
	*out_len = (u32)n;
	return err == CRYPT_OK ? 0 : -1;
}

int crypto_aes_cfb0(const u8 *key, u32 key_len, u8 *buf, u32 len)
{
	static const u8 zero_iv[16];
	symmetric_CFB cfb;
	int err = cfb_start(aes_idx, zero_iv, key, (int)key_len, 0, &cfb);
	if (err == CRYPT_OK)
		err = cfb_encrypt(buf, buf, len, &cfb);
	cfb_done(&cfb);
	return err == CRYPT_OK ? 0 : -1;
}

void crypto_hmac256(const u8 *key, u32 key_len, const u8 *a, u32 a_len, const u8 *b, u32 b_len, u8 out[32])
{
	unsigned long n = 32;
	int err = hmac_memory_multi(hash_idx[CRYPTO_SHA256], key, key_len, out, &n, a, (unsigned long)a_len, b,
				    (unsigned long)b_len, NULL);
	if (err != CRYPT_OK)
		die("hmac", err);
}
