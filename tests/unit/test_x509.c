/* cordon unit tests: X.509 parsing and chain verification (tools/attest/x509*.c) on certificates openssl makes. */
/* sources: tools/attest/x509.c tools/attest/x509_chain.c tools/attest/der.c tools/attest/crypto.c tools/attest/report.c lib/str.c */
#include <unistd.h>
#include <tests/unit/unit.h>
#include <tools/attest/der.h>
#include <tools/attest/x509.h>

/* root (SHA-256) -> intermediate (SHA-384) -> leaf (SHA-512); "other" is a second root with the same name. */
static const char script[] =
	"set -e; cd %s; q='-loglevel error'; exec 2>openssl.log\n"
	"printf 'basicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign\\n' >ca.ext\n"
	"printf 'basicConstraints=critical,CA:FALSE\\nkeyUsage=critical,keyEncipherment\\n"
	"subjectAltName=critical,DNS:tpm.example\\n' >leaf.ext\n"
	"openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -subj /CN=test-root -days 3650 -sha256\n"
	"openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -subj /CN=test-root -days 3650\n"
	"openssl req -new -newkey rsa:2048 -nodes -keyout int.key -out int.csr -subj /CN=test-int\n"
	"openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial -out int.pem -days 3650 -sha384 -extfile ca.ext\n"
	"openssl req -new -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj /CN=test-ek\n"
	"openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial -out leaf.pem -days 365 -sha512 -extfile leaf.ext\n"
	"openssl x509 -in leaf.pem -outform der -out leaf.der\n"
	"cat root.pem int.pem >good.pem; cat other.pem int.pem >wrong.pem\n";

static char dir[64];
static bool have_openssl;
static u8 *leaf;
static u32 leaf_len;

static char *slurp(const char *name, size_t *len)
{
	char path[128];
	FILE *f;
	char *buf = calloc(1, 1 << 16);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "rb"));
	*len = fread(buf, 1, (1 << 16) - 1, f);
	fclose(f);
	return buf;
}

static int setup(void **state)
{
	char cmd[sizeof(script) + 64];
	size_t n;
	(void)state;
	if (crypto_init() < 0)
		return -1;
	snprintf(dir, sizeof(dir), "/tmp/cordon-x509-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(cmd, sizeof(cmd), script, dir);
	have_openssl = system(cmd) == 0;
	if (have_openssl) {
		leaf = (u8 *)slurp("leaf.der", &n);
		leaf_len = (u32)n;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	free(leaf);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void bundle(const char *name, struct x509_bundle *b)
{
	char err[256];
	size_t n;
	char *pem = slurp(name, &n);
	const char *why = x509_bundle_parse(pem, n, b, err, sizeof(err));
	free(pem);
	if (why)
		fail_msg("%s: %s", name, why);
}

/* Chain of the leaf DER d through bundle name at time now; NULL or the reason. */
static const char *chain(const u8 *d, u32 len, const char *name, s64 now, char *detail, size_t cap)
{
	struct x509 c;
	struct x509_bundle b;
	const char *why = x509_parse(d, len, &c);
	if (why)
		return snprintf(detail, cap, "%s", why), detail;
	bundle(name, &b);
	why = x509_verify_chain(&c, &b, now, detail, cap);
	x509_bundle_free(&b);
	return why;
}

/* Skips without openssl; otherwise parses the leaf into c (when given). */
static void need_leaf(struct x509 *c)
{
	if (!have_openssl)
		skip();
	if (c)
		assert_null(x509_parse(leaf, leaf_len, c));
}

static void test_good_chain(void **state)
{
	(void)state;
	char d[512];
	struct x509 c;
	need_leaf(&c);
	assert_string_equal(c.cn, "test-ek");
	assert_int_equal(c.sig_hash, CRYPTO_SHA512);
	assert_false(c.ca);
	assert_null(chain(leaf, leaf_len, "good.pem", time(NULL), d, sizeof(d)));
	assert_string_equal(d, "test-ek <- test-int <- test-root");
}

static void test_wrong_ca(void **state)
{
	(void)state;
	char d[512];
	need_leaf(NULL);
	/* The intermediate's issuer name matches "other", whose key did not sign it. */
	assert_non_null(chain(leaf, leaf_len, "wrong.pem", time(NULL), d, sizeof(d)));
	assert_non_null(strstr(d, "does not verify with the key of CA \"test-root\""));
	/* A bundle without the intermediate has no issuer for the leaf. */
	assert_non_null(chain(leaf, leaf_len, "root.pem", time(NULL), d, sizeof(d)));
	assert_non_null(strstr(d, "issuer \"test-int\" is not in the CA bundle"));
}

static void test_tampered_signature(void **state)
{
	(void)state;
	char d[512];
	u8 *bad = malloc(leaf_len);
	need_leaf(NULL);
	memcpy(bad, leaf, leaf_len);
	bad[leaf_len - 1] ^= 0x01; /* the last byte is inside signatureValue */
	assert_non_null(chain(bad, leaf_len, "good.pem", time(NULL), d, sizeof(d)));
	assert_non_null(strstr(d, "does not verify"));
	memcpy(bad, leaf, leaf_len);
	bad[leaf_len / 2] ^= 0x01; /* somewhere in the signed part */
	assert_non_null(chain(bad, leaf_len, "good.pem", time(NULL), d, sizeof(d)));
	free(bad);
}

static void test_truncated_der(void **state)
{
	(void)state;
	struct x509 c;
	need_leaf(NULL);
	for (u32 n = 0; n < leaf_len; n++)
		assert_non_null(x509_parse(leaf, n, &c));
}

static void test_validity_window(void **state)
{
	(void)state;
	char d[512];
	struct x509 c;
	need_leaf(&c);
	assert_non_null(chain(leaf, leaf_len, "good.pem", c.not_after + 1, d, sizeof(d)));
	assert_string_equal(d, "certificate \"test-ek\" is expired");
	assert_non_null(chain(leaf, leaf_len, "good.pem", c.not_before - 1, d, sizeof(d)));
	assert_string_equal(d, "certificate \"test-ek\" is not yet valid");
	assert_null(chain(leaf, leaf_len, "good.pem", c.not_after, d, sizeof(d)));
}

#define BAD_TIME (-(1LL << 62)) /* "must be refused" */

static void check_time(u8 tag, const char *s, s64 want)
{
	struct der_tlv t = { .tag = tag, .val = (const u8 *)s, .len = (u32)strlen(s) };
	s64 got = 0;
	if (want == BAD_TIME) {
		assert_int_equal(der_time(&t, &got), -1);
		return;
	}
	assert_int_equal(der_time(&t, &got), 0);
	assert_int_equal(got, want);
}

/* RFC 5280 4.1.2.5: UTCTime years 50-99 are 19xx; GeneralizedTime 9999 means "no expiry". */
static void test_times(void **state)
{
	(void)state;
	check_time(DER_UTC_TIME, "700101000000Z", 0);
	check_time(DER_UTC_TIME, "491231235959Z", 2524607999LL);
	check_time(DER_UTC_TIME, "500101000000Z", -631152000LL);
	check_time(DER_GENERALIZED_TIME, "99991231235959Z", 253402300799LL);
	check_time(DER_GENERALIZED_TIME, "20240229120000Z", 1709208000LL);
	check_time(DER_UTC_TIME, "7001010000Z", BAD_TIME);	/* no seconds */
	check_time(DER_UTC_TIME, "700101000000+0100", BAD_TIME); /* not UTC */
	check_time(DER_UTC_TIME, "701301000000Z", BAD_TIME);	/* month 13 */
	check_time(DER_OCTET_STRING, "700101000000Z", BAD_TIME);
}

static void test_bundle_errors(void **state)
{
	(void)state;
	struct x509_bundle b;
	char err[256];
	static const char bad64[] = "-----BEGIN CERTIFICATE-----\nMII*\n-----END CERTIFICATE-----\n";
	static const char noend[] = "-----BEGIN CERTIFICATE-----\nMIIB\n";
	assert_non_null(x509_bundle_parse("just text\n", 10, &b, err, sizeof(err)));
	assert_string_equal(err, "no certificate in the bundle");
	x509_bundle_free(&b);
	assert_non_null(x509_bundle_parse(bad64, sizeof(bad64) - 1, &b, err, sizeof(err)));
	assert_string_equal(err, "certificate 1: bad base64");
	x509_bundle_free(&b);
	assert_non_null(x509_bundle_parse(noend, sizeof(noend) - 1, &b, err, sizeof(err)));
	x509_bundle_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_chain),	   cmocka_unit_test(test_wrong_ca),
		cmocka_unit_test(test_tampered_signature), cmocka_unit_test(test_truncated_der),
		cmocka_unit_test(test_validity_window),	   cmocka_unit_test(test_times),
		cmocka_unit_test(test_bundle_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
