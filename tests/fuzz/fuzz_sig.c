/* cordon fuzz target: key-file parser and RSA-PSS check (lib/sig) on arbitrary key files, key structs and signatures. */
/* sources: lib/sig/sig_pub.c lib/sig/sig_verify.c lib/str.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/sig/sig.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz_sig: check failed: %s\n", #c);     \
			abort();                                               \
		}                                                              \
	} while (0)

/*
 * Input: u16 big-endian L | L bytes of key file | the rest is the signature. The digest is fixed
 * (bytes 0..31): corpus/sig/good.bin is a 3072-bit key from ctl_keygen and ctl_sign's signature over it,
 * so the fuzzer starts from an accepted pair and mutates the key, the lengths and the signature.
 */
static const u8 digest[32] = { 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
			       16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31 };

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* What an accepted file must be: every field inside the bounds sig.h states, copied exactly. */
static void check_accepted(const u8 *f, u32 len, const struct sig_pub *k)
{
	CHECK(len == 12u + k->nbytes);
	CHECK(be32(f) == SIG_PUB_MAGIC && k->alg == SIG_ALG_RSA_PSS_SHA256);
	CHECK(k->nbytes >= SIG_MIN_BYTES && k->nbytes <= SIG_MAX_BYTES && (k->n[0] & 0x80));
	CHECK(memcmp(k->n, f + 8, k->nbytes) == 0);
	CHECK(k->e == be32(f + 8 + k->nbytes) && k->e >= 3 && (k->e & 1));
}

static void check_refused(const struct sig_pub *k)
{
	static const struct sig_pub zero;
	CHECK(memcmp(k, &zero, sizeof(*k)) == 0);
}

/* A valid answer needs the key's length and a representative below n; the same input gives the same answer. */
static void check_verify(const struct sig_pub *k, const u8 *sig, u32 sig_len)
{
	const char *why = sig_verify(k, digest, sig, sig_len);
	const char *again = sig_verify(k, digest, sig, sig_len);
	CHECK((why == NULL) == (again == NULL));
	CHECK(!why || strcmp(why, again) == 0);
	if (!why) {
		CHECK(sig_len == k->nbytes);
		CHECK(memcmp(sig, k->n, sig_len) < 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sig_pub k;
	if (size < 2)
		return 0;
	u32 flen = (u32)data[0] << 8 | data[1];
	if (flen > size - 2)
		flen = (u32)(size - 2);
	/* exact-size copies, so ASan sees any read past either length */
	u8 *file = malloc(flen ? flen : 1);
	u32 slen = (u32)(size - 2 - flen);
	u8 *sig = malloc(slen ? slen : 1);
	memcpy(file, data + 2, flen);
	memcpy(sig, data + 2 + flen, slen);
	memset(&k, 0x5a, sizeof(k));
	const char *why = sig_pub_parse(file, flen, &k);
	if (why) {
		CHECK(*why);
		check_refused(&k);
		/* a key struct that never passed the parser: the raw bytes as the struct, refused or checked safely */
		memcpy(&k, data + 2, flen < sizeof(k) ? flen : sizeof(k));
		const char *v = sig_verify(&k, digest, sig, slen);
		if (k.nbytes > SIG_MAX_BYTES || k.nbytes < SIG_MIN_BYTES || k.e < 3 || !(k.e & 1))
			CHECK(v != NULL);
	} else {
		check_accepted(file, flen, &k);
		check_verify(&k, sig, slen);
	}
	free(file);
	free(sig);
	return 0;
}
