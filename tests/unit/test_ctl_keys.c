/* cordon unit tests: cordon-ctl's keys (tools/ctl/keys.c) end to end with the hypervisor's check (lib/sig). */
/* sources: tools/ctl/keys.c lib/sig/sig_pub.c lib/sig/sig_verify.c lib/str.c */
#include <tests/unit/unit.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <tools/ctl/keys.h>

/* Two key pairs made once by ctl_keygen (RSA-3072 takes a second or two each) in a private temp dir. */
static char dir[64];
static char op_base[128], other_base[128];
static struct sig_pub op, other;

static void path_of(char *out, u32 size, const char *base, const char *ext)
{
	snprintf(out, size, "%s%s", base, ext);
}

static void slurp(const char *path, u8 *buf, u32 max, u32 *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	*len = (u32)fread(buf, 1, max, f);
	fclose(f);
}

static void spill(const char *path, const u8 *buf, u32 len, mode_t mode)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void digest_of(u8 d[32], u8 seed)
{
	for (int i = 0; i < 32; i++)
		d[i] = (u8)(seed * 31 + i);
}

static u32 sign_ok(const char *base, const u8 d[32], u8 *sig)
{
	char keyp[160], err[256] = "";
	u32 n = SIG_MAX_BYTES;
	path_of(keyp, sizeof(keyp), base, ".key");
	if (ctl_sign(keyp, d, sig, &n, err, sizeof(err)) != 0)
		fail_msg("ctl_sign: %s", err);
	return n;
}

/* ---------------------------------------------------------------- keygen */

static void test_keygen_files(void **st)
{
	(void)st;
	char keyp[160], pubp[160], err[256];
	u8 file[SIG_PUB_MAX];
	u32 len;
	struct sig_pub k;
	struct stat s;
	path_of(keyp, sizeof(keyp), op_base, ".key");
	path_of(pubp, sizeof(pubp), op_base, ".pub");
	assert_int_equal(stat(keyp, &s), 0);
	assert_int_equal(s.st_mode & 0777, 0600);
	assert_true(s.st_size > 1500); /* a 3072-bit private key in DER, with its CRT parameters */
	assert_int_equal(ctl_load_pub(pubp, file, &len, &k, err, sizeof(err)), 0);
	assert_int_equal(len, 12 + 384);
	assert_int_equal(k.nbytes, 384);
	assert_int_equal(k.e, 65537);
	assert_memory_equal(&k, &op, sizeof(k));
	/* the two pairs differ */
	assert_memory_not_equal(op.n, other.n, 384);
}

/* An existing .key or .pub (or both) is refused before anything is written; the files keep their bytes. */
static void test_keygen_no_overwrite(void **st)
{
	(void)st;
	char base[128], keyp[160], pubp[160], err[256] = "";
	u8 before[SIG_PUB_MAX], after[SIG_PUB_MAX];
	u32 lb, la;
	path_of(pubp, sizeof(pubp), op_base, ".pub");
	slurp(pubp, before, sizeof(before), &lb);
	assert_int_equal(ctl_keygen(op_base, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "refusing to overwrite"));
	slurp(pubp, after, sizeof(after), &la);
	assert_int_equal(la, lb);
	assert_memory_equal(after, before, lb);
	/* only the .pub there: no .key appears */
	snprintf(base, sizeof(base), "%s/half", dir);
	path_of(keyp, sizeof(keyp), base, ".key");
	path_of(pubp, sizeof(pubp), base, ".pub");
	spill(pubp, (const u8 *)"x", 1, 0644);
	assert_int_equal(ctl_keygen(base, err, sizeof(err)), -1);
	assert_int_equal(access(keyp, F_OK), -1);
	unlink(pubp);
	/* only the .key there */
	spill(keyp, (const u8 *)"y", 1, 0600);
	assert_int_equal(ctl_keygen(base, err, sizeof(err)), -1);
	assert_int_equal(access(pubp, F_OK), -1);
	slurp(keyp, after, sizeof(after), &la);
	assert_int_equal(la, 1);
	unlink(keyp);
	/* a directory that does not exist: an error, not a crash */
	snprintf(base, sizeof(base), "%s/no/such/dir/k", dir);
	assert_int_equal(ctl_keygen(base, err, sizeof(err)), -1);
	assert_int_equal(ctl_keygen("", err, sizeof(err)), -1);
}

/* ---------------------------------------------------------------- sign, then the hypervisor's check */

static void test_sign_verify(void **st)
{
	(void)st;
	u8 d[32], sig[SIG_MAX_BYTES];
	digest_of(d, 1);
	u32 n = sign_ok(op_base, d, sig);
	assert_int_equal(n, 384);
	assert_null(sig_verify(&op, d, sig, n));
	/* PSS is randomised: a second signature differs and verifies too */
	u8 sig2[SIG_MAX_BYTES];
	assert_int_equal(sign_ok(op_base, d, sig2), 384);
	assert_memory_not_equal(sig, sig2, 384);
	assert_null(sig_verify(&op, d, sig2, 384));
}

static void test_refuse_flipped_digest(void **st)
{
	(void)st;
	u8 d[32], sig[SIG_MAX_BYTES];
	digest_of(d, 2);
	u32 n = sign_ok(op_base, d, sig);
	for (int bit = 0; bit < 256; bit += 17) {
		u8 e[32];
		memcpy(e, d, 32);
		e[bit / 8] ^= (u8)(1u << (bit % 8));
		assert_string_equal(sig_verify(&op, e, sig, n), "bad signature");
	}
}

static void test_refuse_flipped_sig(void **st)
{
	(void)st;
	u8 d[32], sig[SIG_MAX_BYTES], t[SIG_MAX_BYTES];
	digest_of(d, 3);
	u32 n = sign_ok(op_base, d, sig);
	for (u32 i = 1; i < n; i += 41) /* byte 0 spared: a flip there may only push s past n (another reason) */
		for (int b = 0; b < 8; b += 3) {
			memcpy(t, sig, n);
			t[i] ^= (u8)(1u << b);
			assert_string_equal(sig_verify(&op, d, t, n), "bad signature");
		}
	memcpy(t, sig, n);
	t[0] ^= 0x01;
	assert_non_null(sig_verify(&op, d, t, n));
}

static void test_refuse_other_key(void **st)
{
	(void)st;
	u8 d[32], sig[SIG_MAX_BYTES];
	digest_of(d, 4);
	u32 n = sign_ok(other_base, d, sig);
	assert_null(sig_verify(&other, d, sig, n));
	assert_non_null(sig_verify(&op, d, sig, n));
}

static void test_refuse_lengths(void **st)
{
	(void)st;
	u8 d[32], sig[SIG_MAX_BYTES + 1] = { 0 };
	digest_of(d, 5);
	u32 n = sign_ok(op_base, d, sig);
	assert_string_equal(sig_verify(&op, d, sig, n - 1), "signature has the wrong length");
	assert_string_equal(sig_verify(&op, d, sig, n + 1), "signature has the wrong length");
	assert_string_equal(sig_verify(&op, d, sig, 0), "signature has the wrong length");
	/* the same number with a zero byte in front: numerically equal, but not the key's length */
	u8 t[SIG_MAX_BYTES + 1];
	t[0] = 0;
	memcpy(t + 1, sig, n);
	assert_string_equal(sig_verify(&op, d, t, n + 1), "signature has the wrong length");
	assert_null(sig_verify(&op, d, sig, n));
}

/* ---------------------------------------------------------------- ctl_sign refusals */

static void test_sign_refusals(void **st)
{
	(void)st;
	char keyp[160], path[160], err[256];
	u8 d[32], sig[SIG_MAX_BYTES], der[8192];
	u32 n, len;
	digest_of(d, 6);
	path_of(keyp, sizeof(keyp), op_base, ".key");
	/* a buffer too small for the signature */
	n = 100;
	assert_int_equal(ctl_sign(keyp, d, sig, &n, err, sizeof(err)), -1);
	/* a key others can read */
	slurp(keyp, der, sizeof(der), &len);
	snprintf(path, sizeof(path), "%s/open.key", dir);
	spill(path, der, len, 0644);
	n = sizeof(sig);
	assert_int_equal(ctl_sign(path, d, sig, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "chmod 600"));
	/* the same bytes at 0600 sign */
	assert_int_equal(chmod(path, 0600), 0);
	n = sizeof(sig);
	assert_int_equal(ctl_sign(path, d, sig, &n, err, sizeof(err)), 0);
	assert_null(sig_verify(&op, d, sig, n));
	/* truncated DER, garbage, a public key file, a missing file */
	spill(path, der, len / 2, 0600);
	assert_int_equal(ctl_sign(path, d, sig, &n, err, sizeof(err)), -1);
	spill(path, (const u8 *)"not a key", 9, 0600);
	assert_int_equal(ctl_sign(path, d, sig, &n, err, sizeof(err)), -1);
	path_of(path, sizeof(path), op_base, ".pub");
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(ctl_sign(path, d, sig, &n, err, sizeof(err)), -1);
	assert_int_equal(chmod(path, 0644), 0);
	snprintf(path, sizeof(path), "%s/missing.key", dir);
	assert_int_equal(ctl_sign(path, d, sig, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "missing.key"));
}

/* ---------------------------------------------------------------- ctl_load_pub: each parser refusal from a file */

struct pub_edit {
	const char *name;
	int (*edit)(u8 *f, u32 len); /* returns the new length */
	const char *why;	     /* what the error line must say (lib/sig/sig_pub.c's reason) */
};

static void put32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static int e_magic(u8 *f, u32 len)
{
	f[3] = '2';
	return (int)len;
}
static int e_alg(u8 *f, u32 len)
{
	f[5] = 2;
	return (int)len;
}
static int e_short(u8 *f, u32 len)
{
	(void)f;
	return (int)len - 1;
}
static int e_long(u8 *f, u32 len)
{
	f[len] = 0;
	return (int)len + 1;
}
/* a 2040-bit modulus (255 bytes): the file stays self-consistent, only the size is below the bound */
static int e_small(u8 *f, u32 len)
{
	(void)len;
	f[6] = 0;
	f[7] = 255;
	put32(f + 8 + 255, 65537);
	return 12 + 255;
}
static int e_topbit(u8 *f, u32 len)
{
	f[8] &= 0x7f;
	return (int)len;
}
static int e_even(u8 *f, u32 len)
{
	put32(f + len - 4, 65536);
	return (int)len;
}
static int e_one(u8 *f, u32 len)
{
	put32(f + len - 4, 1);
	return (int)len;
}
static int e_empty(u8 *f, u32 len)
{
	(void)f;
	(void)len;
	return 0;
}
/* longer than any key file (SIG_PUB_MAX): refused by the reader before the parser */
static int e_huge(u8 *f, u32 len)
{
	(void)len;
	memset(f, 0, SIG_PUB_MAX + 100);
	return SIG_PUB_MAX + 100;
}

static const struct pub_edit edits[] = {
	{ "load_pub: bad magic", e_magic, "does not start with CPK1" },
	{ "load_pub: bad algorithm", e_alg, "not RSA-PSS-SHA256" },
	{ "load_pub: one byte short", e_short, "truncated" },
	{ "load_pub: one byte long", e_long, "bytes after the exponent" },
	{ "load_pub: 2040-bit modulus", e_small, "shorter than 2048 bits" },
	{ "load_pub: modulus top bit clear", e_topbit, "top bit clear" },
	{ "load_pub: even exponent", e_even, "exponent is even" },
	{ "load_pub: exponent 1", e_one, "exponent is below 3" },
	{ "load_pub: empty file", e_empty, "truncated" },
	{ "load_pub: longer than any key", e_huge, "longer than any cordon public key" },
};

static void test_load_pub_refused(void **st)
{
	const struct pub_edit *e = *st;
	char pubp[160], path[160], err[256] = "";
	u8 f[SIG_PUB_MAX + 200] = { 0 }, back[SIG_PUB_MAX];
	u32 len, blen = 7;
	struct sig_pub k;
	path_of(pubp, sizeof(pubp), op_base, ".pub");
	slurp(pubp, f, SIG_PUB_MAX, &len);
	int nl = e->edit(f, len);
	snprintf(path, sizeof(path), "%s/edited.pub", dir);
	spill(path, f, (u32)nl, 0644);
	memset(&k, 0xa5, sizeof(k));
	assert_int_equal(ctl_load_pub(path, back, &blen, &k, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "edited.pub: "));
	if (!strstr(err, e->why))
		fail_msg("error line '%s' does not say '%s'", err, e->why);
	unlink(path);
}

static void test_load_pub_missing(void **st)
{
	(void)st;
	char path[160], err[256] = "";
	u8 back[SIG_PUB_MAX];
	u32 blen;
	struct sig_pub k;
	snprintf(path, sizeof(path), "%s/none.pub", dir);
	assert_int_equal(ctl_load_pub(path, back, &blen, &k, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "none.pub"));
}

static void make_pair(char *base, u32 size, const char *name, struct sig_pub *k)
{
	char pubp[160], err[256] = "";
	u8 file[SIG_PUB_MAX];
	u32 len;
	snprintf(base, size, "%s/%s", dir, name);
	if (ctl_keygen(base, err, sizeof(err)) != 0)
		fail_msg("ctl_keygen: %s", err);
	path_of(pubp, sizeof(pubp), base, ".pub");
	if (ctl_load_pub(pubp, file, &len, k, err, sizeof(err)) != 0)
		fail_msg("ctl_load_pub: %s", err);
}

static int setup(void **st)
{
	(void)st;
	snprintf(dir, sizeof(dir), "/tmp/cordon-keys-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	/* a umask that would leave the key world-readable: ctl_keygen must still make it 0600 */
	umask(0);
	make_pair(op_base, sizeof(op_base), "operator", &op);
	make_pair(other_base, sizeof(other_base), "other", &other);
	umask(022);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[400];
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
	if (d)
		closedir(d);
	rmdir(dir);
	return 0;
}

int main(void)
{
	static struct unit_group g;
	unit_add(&g, "keygen: 0600 key, parsable 3072-bit pub", test_keygen_files, NULL);
	unit_add(&g, "keygen: never overwrites", test_keygen_no_overwrite, NULL);
	unit_add(&g, "sign: ctl_sign verified by sig_verify", test_sign_verify, NULL);
	unit_add(&g, "verify: flipped digest bits", test_refuse_flipped_digest, NULL);
	unit_add(&g, "verify: flipped signature bits", test_refuse_flipped_sig, NULL);
	unit_add(&g, "verify: another key's signature", test_refuse_other_key, NULL);
	unit_add(&g, "verify: truncated and overlong signatures", test_refuse_lengths, NULL);
	unit_add(&g, "sign: refusals (buffer, mode, bad key files)", test_sign_refusals, NULL);
	for (u32 i = 0; i < ARRAY_SIZE(edits); i++)
		unit_add(&g, edits[i].name, test_load_pub_refused, (void *)&edits[i]);
	unit_add(&g, "load_pub: missing file", test_load_pub_missing, NULL);
	return _cmocka_run_group_tests("ctl_keys", g.t, g.n, setup, teardown);
}
