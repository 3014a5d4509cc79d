/* cordon unit tests: SHA-256 (lib/sha256.c) against FIPS 180-4 / NIST CAVP vectors. */
/* sources: lib/sha256.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/sha256.h>

static void hex(const u8 d[SHA256_DIGEST_SIZE], char out[2 * SHA256_DIGEST_SIZE + 1])
{
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check_oneshot(const void *data, u64 len, const char *want)
{
	u8 d[SHA256_DIGEST_SIZE];
	char h[2 * SHA256_DIGEST_SIZE + 1];
	sha256(data, len, d);
	hex(d, h);
	assert_string_equal(h, want);
}

/* NIST example messages (FIPS 180-4 examples, "SHA256.pdf" and CAVP short/long messages). */
struct vec {
	const char *name;
	const char *msg;
	const char *digest;
};

static const struct vec vecs[] = {
	{ "empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "448-bit message", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "896-bit message",
	  "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

static void run_vec(void **state)
{
	const struct vec *v = *state;
	check_oneshot(v->msg, strlen(v->msg), v->digest);
}

/* Lengths around the padding boundaries (55/56 bytes fit or spill the length field); from Python hashlib. */
struct pat {
	const char *name;
	u64 len;
	const char *digest;
};

static const struct pat pats[] = {
	{ "pattern 55 bytes", 55, "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b" },
	{ "pattern 56 bytes", 56, "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63" },
	{ "pattern 57 bytes", 57, "5b46e502092be01b1100193e089fdda95638c12e19a1d24f308eb2c3d3ae849d" },
	{ "pattern 63 bytes", 63, "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076" },
	{ "pattern 64 bytes", 64, "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd" },
	{ "pattern 65 bytes", 65, "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0" },
	{ "pattern 119 bytes", 119, "3d610547d68216dedf7435a4fb6260353911f6b3fd3f18805ddb8be285d726fe" },
	{ "pattern 120 bytes", 120, "1f80156a804cb7862ad113e8200e9d74499723e7c7854d5f48776d3148e09656" },
	{ "pattern 128 bytes", 128, "cc548ca2dec1f6fe4f58b2e27aa9c7521607df1130d140b55a4dad0665302356" },
};

static void fill_pattern(u8 *p, u64 n)
{
	for (u64 i = 0; i < n; i++)
		p[i] = (u8)(i * 31 + 7);
}

static void run_pat(void **state)
{
	const struct pat *p = *state;
	u8 buf[128];
	fill_pattern(buf, p->len);
	check_oneshot(buf, p->len, p->digest);
}

static void test_million_a_oneshot(void **state)
{
	static u8 buf[1000000];
	(void)state;
	memset(buf, 'a', sizeof(buf));
	check_oneshot(buf, sizeof(buf), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* The same million 'a' fed in odd, varying chunk sizes. */
static void test_million_a_incremental(void **state)
{
	static const u64 chunks[] = { 1, 3, 7, 13, 55, 56, 63, 64, 65, 127, 1000, 4099 };
	u8 buf[4099], d[SHA256_DIGEST_SIZE];
	char h[2 * SHA256_DIGEST_SIZE + 1];
	struct sha256_ctx c;
	u64 left = 1000000;
	(void)state;
	memset(buf, 'a', sizeof(buf));
	sha256_init(&c);
	for (u32 i = 0; left; i++) {
		u64 n = chunks[i % ARRAY_SIZE(chunks)];
		n = n < left ? n : left;
		sha256_update(&c, buf, n);
		left -= n;
	}
	sha256_final(&c, d);
	hex(d, h);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* For each chunk size 1..130, hashing 1000 pattern bytes piecewise equals the one-shot digest. */
static void test_incremental_equals_oneshot(void **state)
{
	u8 data[1000], want[SHA256_DIGEST_SIZE], got[SHA256_DIGEST_SIZE];
	(void)state;
	fill_pattern(data, sizeof(data));
	sha256(data, sizeof(data), want);
	for (u64 chunk = 1; chunk <= 130; chunk++) {
		struct sha256_ctx c;
		sha256_init(&c);
		for (u64 off = 0; off < sizeof(data); off += chunk)
			sha256_update(&c, data + off, off + chunk <= sizeof(data) ? chunk : sizeof(data) - off);
		sha256_final(&c, got);
		if (memcmp(want, got, sizeof(want)))
			fail_msg("chunk size %llu gives a different digest", (unsigned long long)chunk);
	}
}

/* Zero-length updates change nothing; a context can be reused after init. */
static void test_empty_updates_and_reuse(void **state)
{
	u8 d[SHA256_DIGEST_SIZE];
	char h[2 * SHA256_DIGEST_SIZE + 1];
	struct sha256_ctx c;
	(void)state;
	sha256_init(&c);
	sha256_update(&c, "x", 1);
	sha256_final(&c, d);
	sha256_init(&c);
	sha256_update(&c, "", 0);
	sha256_update(&c, "ab", 2);
	sha256_update(&c, NULL, 0);
	sha256_update(&c, "c", 1);
	sha256_final(&c, d);
	hex(d, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_million_a_oneshot),
		cmocka_unit_test(test_million_a_incremental),
		cmocka_unit_test(test_incremental_equals_oneshot),
		cmocka_unit_test(test_empty_updates_and_reuse),
	};
	static struct unit_group g;
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(vecs); i++)
		unit_add(&g, vecs[i].name, run_vec, (void *)&vecs[i]);
	for (size_t i = 0; i < ARRAY_SIZE(pats); i++)
		unit_add(&g, pats[i].name, run_pat, (void *)&pats[i]);
	return unit_run("sha256", &g);
}
