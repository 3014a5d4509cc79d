/* cordon unit tests: public key files and RSA-PSS signature checks (lib/sig), good and adverse. */
/* sources: lib/sig/sig_pub.c lib/sig/sig_verify.c lib/str.c */
#define LTM_DESC
#include <tomcrypt.h>
#include <tests/unit/unit.h>
#include <tests/unit/sig_vector.h>
#include <lib/sig/sig.h>

/*
 * The signing side is Debian's libtomcrypt used directly (what cordon-ctl will do), with keys made here;
 * sig_vector.h adds one signature made by OpenSSL, so we do not only agree with ourselves.
 */
struct key {
	rsa_key k;
	u8 file[SIG_PUB_MAX];
	u32 len;
	struct sig_pub pub;
};

/* 2048 and 3072 with e = 65537, 4096 (the largest allowed), 2048 with e = 3, and a second 2048 key. */
enum { K2048, K3072, K4096, KE3, KOTHER, NKEYS };
static struct key keys[NKEYS];
static int prng;

/* Lays out a CPK1 file (lib/sig/sig.h) from a modulus and an exponent. */
static u32 make_file(u8 *out, const u8 *n, u32 nbytes, u32 e)
{
	return sig_pub_write(out, n, (u16)nbytes, e);
}

static void make_key(struct key *k, int bits, long e)
{
	u8 n[SIG_MAX_BYTES];
	assert_int_equal(rsa_make_key(NULL, prng, bits / 8, e, &k->k), CRYPT_OK);
	u32 nb = ltc_mp.unsigned_size(k->k.N);
	assert_int_equal(nb, bits / 8);
	assert_int_equal(ltc_mp.unsigned_write(k->k.N, n), CRYPT_OK);
	k->len = make_file(k->file, n, nb, (u32)e);
	assert_null(sig_pub_parse(k->file, k->len, &k->pub));
}

/* Signs a digest with PSS; salt and padding are parameters so the adverse cases can get them wrong. */
static u32 sign(struct key *k, const u8 d[32], int padding, u32 salt, u8 *sig)
{
	unsigned long n = SIG_MAX_BYTES;
	assert_int_equal(rsa_sign_hash_ex(d, 32, sig, &n, padding, NULL, prng, find_hash("sha256"), salt, &k->k),
			 CRYPT_OK);
	return (u32)n;
}

static void digest_of(const char *s, u8 d[32])
{
	hash_state h;
	sha256_init(&h);
	sha256_process(&h, (const u8 *)s, strlen(s));
	sha256_done(&h, d);
}

/* ---------------------------------------------------------------- key files */

static void test_parse_sizes(void **st)
{
	(void)st;
	static const int bytes[] = { [K2048] = 256, [K3072] = 384, [K4096] = 512, [KE3] = 256, [KOTHER] = 256 };
	for (int i = 0; i < NKEYS; i++) {
		struct sig_pub p;
		assert_null(sig_pub_parse(keys[i].file, keys[i].len, &p));
		assert_int_equal(p.alg, SIG_ALG_RSA_PSS_SHA256);
		assert_int_equal(p.nbytes, bytes[i]);
		assert_memory_equal(p.n, keys[i].file + 8, p.nbytes);
		assert_int_equal(p.e, i == KE3 ? 3 : 65537);
	}
}

/* A reason, and the output zeroed even though the parser had started filling it. */
static void expect_refused(const u8 *f, u32 len, const char *want)
{
	static const struct sig_pub zero;
	struct sig_pub p;
	memset(&p, 0xa5, sizeof(p));
	const char *why = sig_pub_parse(f, len, &p);
	assert_non_null(why);
	if (want)
		assert_string_equal(why, want);
	assert_memory_equal(&p, &zero, sizeof(p));
}

static void test_parse_truncated(void **st)
{
	(void)st;
	struct key *k = &keys[K2048];
	u8 *copy = malloc(k->len); /* exact size: ASan catches any read past len */
	for (u32 len = 0; len < k->len; len++) {
		memcpy(copy, k->file, len);
		expect_refused(copy, len, "key file is truncated");
	}
	free(copy);
	expect_refused(NULL, 0, "key file is truncated");
}

static void test_parse_trailing(void **st)
{
	(void)st;
	u8 f[SIG_PUB_MAX + 1];
	memcpy(f, keys[K2048].file, keys[K2048].len);
	f[keys[K2048].len] = 0;
	expect_refused(f, keys[K2048].len + 1, "key file has bytes after the exponent");
}

/* One field of a good 2048-bit file changed, and the reason it must give. */
struct edit {
	const char *name;
	u32 off;
	u8 xor;
	const char *want;
};

static const struct edit edits[] = {
	{ "magic", 3, 0x01, "key file does not start with CPK1" },
	{ "algorithm 0", 5, 0x01, "key algorithm is not RSA-PSS-SHA256" },
	{ "algorithm 257", 4, 0x01, "key algorithm is not RSA-PSS-SHA256" },
	{ "top bit clear", 8, 0x80, "key modulus does not fill its length (top bit clear)" },
	{ "even modulus", 8 + 255, 0x01, "key modulus is even" },
	{ "exponent 65536", 8 + 256 + 3, 0x01, "key exponent is even" },
};

static void test_parse_edit(void **st)
{
	const struct edit *e = *st;
	u8 f[SIG_PUB_MAX];
	memcpy(f, keys[K2048].file, keys[K2048].len);
	f[e->off] ^= e->xor;
	expect_refused(f, keys[K2048].len, e->want);
}

/* Modulus lengths and exponents at and just past the bounds of sig.h. */
static void test_parse_bounds(void **st)
{
	(void)st;
	u8 n[SIG_MAX_BYTES + 1], f[SIG_PUB_MAX + 16];
	memset(n, 0xff, sizeof(n));
	assert_null(sig_pub_parse(f, make_file(f, n, 256, 3), &(struct sig_pub){ 0 }));
	assert_null(sig_pub_parse(f, make_file(f, n, 512, 0xffffffffu), &(struct sig_pub){ 0 }));
	expect_refused(f, make_file(f, n, 255, 65537), "key modulus is shorter than 2048 bits");
	expect_refused(f, make_file(f, n, 0, 65537), "key modulus is shorter than 2048 bits");
	expect_refused(f, make_file(f, n, 513, 65537), "key modulus is longer than 4096 bits");
	expect_refused(f, make_file(f, n, 256, 1), "key exponent is below 3");
	expect_refused(f, make_file(f, n, 256, 0), "key exponent is below 3");
	expect_refused(f, make_file(f, n, 256, 2), "key exponent is below 3");
	expect_refused(f, make_file(f, n, 256, 4), "key exponent is even");
	/* a length field of 0xffff with a short file: refused as truncated, nothing read past the end */
	make_file(f, n, 256, 65537);
	f[6] = f[7] = 0xff; /* a modulus length of 0xffff */
	expect_refused(f, 12 + 256, "key file is truncated");
}

/* ---------------------------------------------------------------- signatures */

static void test_verify_good(void **st)
{
	(void)st;
	u8 d[32], s[SIG_MAX_BYTES];
	digest_of("start linux-a", d);
	for (int i = 0; i < NKEYS; i++) {
		u32 n = sign(&keys[i], d, LTC_PKCS_1_PSS, 32, s);
		assert_int_equal(n, keys[i].pub.nbytes);
		assert_null(sig_verify(&keys[i].pub, d, s, n));
		/* twice: nothing is kept between calls */
		assert_null(sig_verify(&keys[i].pub, d, s, n));
	}
}

static void test_verify_openssl(void **st)
{
	(void)st;
	u8 f[SIG_PUB_MAX], s[256];
	struct sig_pub p;
	assert_null(sig_pub_parse(f, make_file(f, ossl_n, sizeof(ossl_n), OSSL_E), &p));
	assert_null(sig_verify(&p, ossl_digest, ossl_sig, sizeof(ossl_sig)));
	u8 d[32];
	memcpy(d, ossl_digest, 32);
	d[31] ^= 1;
	assert_string_equal(sig_verify(&p, d, ossl_sig, sizeof(ossl_sig)), "bad signature");
	memcpy(s, ossl_sig, sizeof(s));
	s[100] ^= 0x10;
	assert_string_equal(sig_verify(&p, ossl_digest, s, sizeof(s)), "bad signature");
}

static void test_verify_other_digest(void **st)
{
	(void)st;
	u8 d[32], d2[32], s[SIG_MAX_BYTES];
	digest_of("stop linux-a", d);
	digest_of("stop linux-b", d2);
	u32 n = sign(&keys[K3072], d, LTC_PKCS_1_PSS, 32, s);
	assert_string_equal(sig_verify(&keys[K3072].pub, d2, s, n), "bad signature");
	for (int bit = 0; bit < 256; bit += 37) {
		memcpy(d2, d, 32);
		d2[bit / 8] ^= (u8)(1u << (bit % 8));
		assert_string_equal(sig_verify(&keys[K3072].pub, d2, s, n), "bad signature");
	}
}

/* Every bit of the first, a middle and the last byte flipped, one at a time. */
static void test_verify_flipped(void **st)
{
	(void)st;
	u8 d[32], s[SIG_MAX_BYTES], t[SIG_MAX_BYTES];
	digest_of("policy load", d);
	struct key *k = &keys[K2048];
	u32 n = sign(k, d, LTC_PKCS_1_PSS, 32, s);
	const u32 at[] = { 0, n / 2, n - 1 };
	for (u32 i = 0; i < ARRAY_SIZE(at); i++)
		for (int b = 0; b < 8; b++) {
			memcpy(t, s, n);
			t[at[i]] ^= (u8)(1u << b);
			const char *why = sig_verify(&k->pub, d, t, n);
			assert_non_null(why); /* a flip in byte 0 may push s past n: another reason, still refused */
		}
}

static void test_verify_wrong_key(void **st)
{
	(void)st;
	u8 d[32], s[SIG_MAX_BYTES];
	digest_of("destroy vault", d);
	u32 n = sign(&keys[K2048], d, LTC_PKCS_1_PSS, 32, s);
	assert_non_null(sig_verify(&keys[KOTHER].pub, d, s, n));
	assert_non_null(sig_verify(&keys[KE3].pub, d, s, n));
	assert_string_equal(sig_verify(&keys[K3072].pub, d, s, n), "signature has the wrong length");
}

/* PSS with another salt length, and PKCS #1 v1.5, over the right digest with the right key. */
static void test_verify_wrong_scheme(void **st)
{
	(void)st;
	u8 d[32], s[SIG_MAX_BYTES];
	digest_of("restart linux-b", d);
	struct key *k = &keys[K2048];
	static const u32 salts[] = { 0, 20, 31, 33, 64 };
	for (u32 i = 0; i < ARRAY_SIZE(salts); i++) {
		u32 n = sign(k, d, LTC_PKCS_1_PSS, salts[i], s);
		assert_string_equal(sig_verify(&k->pub, d, s, n), "bad signature");
	}
	u32 n = sign(k, d, LTC_PKCS_1_V1_5, 0, s);
	assert_string_equal(sig_verify(&k->pub, d, s, n), "bad signature");
}

static void test_verify_lengths(void **st)
{
	(void)st;
	u8 d[32], s[SIG_MAX_BYTES + 1];
	digest_of("list", d);
	struct key *k = &keys[K2048];
	u32 n = sign(k, d, LTC_PKCS_1_PSS, 32, s);
	static const u32 lens[] = { 0, 1, 255, 257, 512, 513, 0xffffffffu };
	for (u32 i = 0; i < ARRAY_SIZE(lens); i++)
		assert_string_equal(sig_verify(&k->pub, d, s, lens[i]), "signature has the wrong length");
	assert_null(sig_verify(&k->pub, d, s, n));
}

/* RFC 8017 RSAVP1: s must lie in [0, n-1]. 0 and 1 are in range, and no valid signature. */
static void test_verify_representative(void **st)
{
	(void)st;
	u8 d[32], s[SIG_MAX_BYTES];
	digest_of("audit", d);
	const struct key *k = &keys[K4096];
	u32 n = k->pub.nbytes;
	memcpy(s, k->pub.n, n);
	assert_string_equal(sig_verify(&k->pub, d, s, n), "signature is not below the key's modulus");
	memset(s, 0xff, n);
	assert_string_equal(sig_verify(&k->pub, d, s, n), "signature is not below the key's modulus");
	memcpy(s, k->pub.n, n);
	s[n - 1] -= 1; /* n - 1: in range (n is odd), not a signature */
	assert_string_equal(sig_verify(&k->pub, d, s, n), "bad signature");
	memset(s, 0, n);
	assert_string_equal(sig_verify(&k->pub, d, s, n), "bad signature");
	s[n - 1] = 1;
	assert_string_equal(sig_verify(&k->pub, d, s, n), "bad signature");
}

/* A key struct that did not come from sig_pub_parse: refused before any arithmetic. */
static void test_verify_bad_key_struct(void **st)
{
	(void)st;
	u8 d[32] = { 0 }, s[SIG_MAX_BYTES] = { 0 };
	struct sig_pub p = keys[K2048].pub;
	assert_string_equal(sig_verify(NULL, d, s, 256), "key is not an RSA-PSS-SHA256 key");
	p.alg = 0;
	assert_string_equal(sig_verify(&p, d, s, 256), "key is not an RSA-PSS-SHA256 key");
	p = keys[K2048].pub;
	p.nbytes = 513;
	assert_string_equal(sig_verify(&p, d, s, 513), "key has no valid modulus");
	p.nbytes = 0;
	assert_string_equal(sig_verify(&p, d, s, 0), "key has no valid modulus");
	p = keys[K2048].pub;
	p.n[0] = 0x7f;
	assert_string_equal(sig_verify(&p, d, s, 256), "key has no valid modulus");
	p = keys[K2048].pub;
	p.e = 1;
	assert_string_equal(sig_verify(&p, d, s, 256), "key has no valid exponent");
	p.e = 65536;
	assert_string_equal(sig_verify(&p, d, s, 256), "key has no valid exponent");
	p = keys[K2048].pub;
	assert_string_equal(sig_verify(&p, NULL, s, 256), "no digest or no signature");
	assert_string_equal(sig_verify(&p, d, NULL, 256), "no digest or no signature");
}

int main(void)
{
	ltc_mp = ltm_desc;
	prng = register_prng(&sprng_desc);
	register_hash(&sha256_desc);
	make_key(&keys[K2048], 2048, 65537);
	make_key(&keys[K3072], 3072, 65537);
	make_key(&keys[K4096], 4096, 65537);
	make_key(&keys[KE3], 2048, 3);
	make_key(&keys[KOTHER], 2048, 65537);

	static struct unit_group g;
	unit_add(&g, "parse: 2048, 3072, 4096 bits, e = 3 and 65537", test_parse_sizes, NULL);
	unit_add(&g, "parse: every truncation refused", test_parse_truncated, NULL);
	unit_add(&g, "parse: a byte after the exponent", test_parse_trailing, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(edits); i++)
		unit_add(&g, edits[i].name, test_parse_edit, (void *)&edits[i]);
	unit_add(&g, "parse: modulus and exponent bounds", test_parse_bounds, NULL);
	unit_add(&g, "verify: good signatures, every key size", test_verify_good, NULL);
	unit_add(&g, "verify: a signature made by OpenSSL", test_verify_openssl, NULL);
	unit_add(&g, "verify: another digest", test_verify_other_digest, NULL);
	unit_add(&g, "verify: flipped signature bits", test_verify_flipped, NULL);
	unit_add(&g, "verify: another key", test_verify_wrong_key, NULL);
	unit_add(&g, "verify: other salt lengths and PKCS #1 v1.5", test_verify_wrong_scheme, NULL);
	unit_add(&g, "verify: wrong signature lengths", test_verify_lengths, NULL);
	unit_add(&g, "verify: representative out of range, 0, 1, n-1", test_verify_representative, NULL);
	unit_add(&g, "verify: bad key structs and NULLs", test_verify_bad_key_struct, NULL);
	int rc = unit_run("sig", &g);
	for (int i = 0; i < NKEYS; i++)
		rsa_free(&keys[i].k);
	return rc;
}
