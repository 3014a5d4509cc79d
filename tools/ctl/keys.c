/* cordon tools: cordon-ctl's key pairs (make, load, sign) over Debian's libtomcrypt; no primitive is written here. */
/* tomcrypt.h declares ltm_desc only under LTM_DESC (Debian's library is built with it: see the Makefile). */
#define LTM_DESC
#include <tomcrypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <tools/ctl/keys.h>

#define KEY_BITS 3072
#define KEY_E 65537
#define SALT_BYTES 32
/* An RSA-4096 private key in DER is about 2.4 KB; anything much larger is not a key we wrote. */
#define KEY_FILE_MAX 8192

static int hash_idx = -1, prng_idx = -1;
static prng_state prng; /* sprng (the system's randomness) keeps no state, but the API wants one */

static int fail(char *err, u32 errlen, const char *fmt, ...)
{
	va_list ap;
	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* libtomcrypt's RSA calls through ltc_mp, which Debian's library leaves empty; SHA-256 and sprng by index. */
static int crypto_ready(char *err, u32 errlen)
{
	if (hash_idx >= 0 && prng_idx >= 0)
		return 0;
	if (!ltc_mp.name)
		ltc_mp = ltm_desc;
	hash_idx = register_hash(&sha256_desc);
	prng_idx = register_prng(&sprng_desc);
	if (hash_idx < 0 || prng_idx < 0)
		return fail(err, errlen, "libtomcrypt has no room for SHA-256 or the system PRNG");
	return 0;
}

/* The .pub layout of lib/sig/sig.h, checked by the same parser cordon runs before it is written. */
static int pub_bytes(rsa_key *key, u8 *out, u32 *len, char *err, u32 errlen)
{
	struct sig_pub check;
	const char *why;
	u8 n[SIG_MAX_BYTES];
	u32 nbytes = (u32)ltc_mp.unsigned_size(key->N);
	if (nbytes < SIG_MIN_BYTES || nbytes > SIG_MAX_BYTES || ltc_mp.get_int(key->e) != KEY_E)
		return fail(err, errlen, "libtomcrypt made a key of %u bytes", nbytes);
	if (ltc_mp.unsigned_write(key->N, n) != CRYPT_OK)
		return fail(err, errlen, "cannot write the modulus");
	*len = sig_pub_write(out, n, (u16)nbytes, KEY_E);
	why = sig_pub_parse(out, *len, &check);
	if (why)
		return fail(err, errlen, "the new public key does not parse: %s", why);
	return 0;
}

/* Writes all of buf to fd and closes it; a short write (full disk) is an error, not a truncated key. */
static int write_close(int fd, const u8 *buf, u32 len, const char *path, char *err, u32 errlen)
{
	u32 off = 0;
	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			close(fd);
			return fail(err, errlen, "%s: %s", path, strerror(n < 0 ? e : ENOSPC));
		}
		off += (u32)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	return 0;
}

/* O_EXCL: an existing file (or a symlink planted in its place) is never overwritten or followed. */
static int create(const char *path, mode_t mode, char *err, u32 errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return fail(err, errlen, "%s: %s%s", path, strerror(errno),
			    errno == EEXIST ? " (refusing to overwrite a key)" : "");
	/* the umask may only narrow the mode; fchmod makes the private key 0600 whatever it is */
	if (fchmod(fd, mode) < 0) {
		int e = errno;
		close(fd);
		unlink(path);
		return fail(err, errlen, "%s: %s", path, strerror(e));
	}
	return fd;
}

/* Both files are created before the key is made, so a refusal costs nothing and leaves nothing behind. */
static int write_pair(const char *keyp, const char *pubp, const u8 *der, u32 der_len, const u8 *pub,
		      u32 pub_len, char *err, u32 errlen)
{
	int kfd = create(keyp, 0600, err, errlen);
	if (kfd < 0)
		return -1;
	int pfd = create(pubp, 0644, err, errlen);
	if (pfd < 0) {
		close(kfd);
		unlink(keyp);
		return -1;
	}
	if (write_close(kfd, der, der_len, keyp, err, errlen) < 0) {
		close(pfd);
		unlink(keyp);
		unlink(pubp);
		return -1;
	}
	if (write_close(pfd, pub, pub_len, pubp, err, errlen) < 0) {
		unlink(keyp);
		unlink(pubp);
		return -1;
	}
	return 0;
}

int ctl_keygen(const char *base, char *err, u32 errlen)
{
	char keyp[4096], pubp[4096];
	u8 der[KEY_FILE_MAX], pub[SIG_PUB_MAX];
	unsigned long der_len = sizeof(der);
	u32 pub_len = 0;
	rsa_key key;
	int rc, e;
	if (crypto_ready(err, errlen) < 0)
		return -1;
	if (!base || !*base || snprintf(keyp, sizeof(keyp), "%s.key", base) >= (int)sizeof(keyp) ||
	    snprintf(pubp, sizeof(pubp), "%s.pub", base) >= (int)sizeof(pubp))
		return fail(err, errlen, "key name is empty or too long");
	/* refuse before spending a second on primes when either file is already there */
	if (access(keyp, F_OK) == 0 || access(pubp, F_OK) == 0)
		return fail(err, errlen, "%s: exists (refusing to overwrite a key)",
			    access(keyp, F_OK) == 0 ? keyp : pubp);
	e = rsa_make_key(&prng, prng_idx, KEY_BITS / 8, KEY_E, &key);
	if (e != CRYPT_OK)
		return fail(err, errlen, "making an RSA-%d key: %s", KEY_BITS, error_to_string(e));
	e = rsa_export(der, &der_len, PK_PRIVATE, &key);
	if (e != CRYPT_OK)
		rc = fail(err, errlen, "exporting the private key: %s", error_to_string(e));
	else if (pub_bytes(&key, pub, &pub_len, err, errlen) < 0)
		rc = -1;
	else
		rc = write_pair(keyp, pubp, der, (u32)der_len, pub, pub_len, err, errlen);
	rsa_free(&key);
	zeromem(der, sizeof(der));
	return rc;
}

/* Reads a whole small file; at most max bytes (more is an error: *len = max + 1 tells the caller). */
static int read_small(const char *path, u8 *buf, u32 max, u32 *len, char *err, u32 errlen)
{
	FILE *f = fopen(path, "rb");
	size_t n;
	if (!f)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	n = fread(buf, 1, max, f);
	int more = n == max && fgetc(f) != EOF;
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return fail(err, errlen, "%s: read error", path);
	*len = more ? max + 1 : (u32)n;
	return 0;
}

/* A private key anyone else can read is compromised in effect: refuse it, as ssh does. */
static int private_enough(const char *path, char *err, u32 errlen)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	if (st.st_mode & 077)
		return fail(err, errlen, "%s: readable by group or others (mode %03o); chmod 600 it", path,
			    (unsigned)(st.st_mode & 0777));
	return 0;
}

static int load_private(const char *keyfile, rsa_key *key, char *err, u32 errlen)
{
	u8 der[KEY_FILE_MAX];
	u32 len = 0;
	int e;
	if (private_enough(keyfile, err, errlen) < 0 || read_small(keyfile, der, sizeof(der), &len, err, errlen) < 0)
		return -1;
	if (len > sizeof(der))
		return fail(err, errlen, "%s: too large for an RSA private key", keyfile);
	e = rsa_import(der, len, key);
	zeromem(der, sizeof(der));
	if (e != CRYPT_OK)
		return fail(err, errlen, "%s: not an RSA private key (%s)", keyfile, error_to_string(e));
	u32 nbytes = (u32)ltc_mp.unsigned_size(key->N);
	if (key->type != PK_PRIVATE || nbytes < SIG_MIN_BYTES || nbytes > SIG_MAX_BYTES ||
	    ltc_mp.count_bits(key->N) != (int)nbytes * 8) {
		rsa_free(key);
		return fail(err, errlen, "%s: not a private key cordon accepts (RSA, 2048 to 4096 bits)", keyfile);
	}
	return 0;
}

int ctl_sign(const char *keyfile, const u8 digest[32], u8 *sig, u32 *sig_len, char *err, u32 errlen)
{
	rsa_key key;
	unsigned long n;
	int e;
	if (crypto_ready(err, errlen) < 0 || load_private(keyfile, &key, err, errlen) < 0)
		return -1;
	n = *sig_len;
	e = rsa_sign_hash_ex(digest, 32, sig, &n, LTC_PKCS_1_PSS, &prng, prng_idx, hash_idx, SALT_BYTES, &key);
	rsa_free(&key);
	if (e != CRYPT_OK)
		return fail(err, errlen, "signing with %s: %s", keyfile, error_to_string(e));
	*sig_len = (u32)n;
	return 0;
}

int ctl_load_pub(const char *path, u8 *file, u32 *len, struct sig_pub *k, char *err, u32 errlen)
{
	const char *why;
	if (read_small(path, file, SIG_PUB_MAX, len, err, errlen) < 0)
		return -1;
	if (*len > SIG_PUB_MAX) {
		*len = 0;
		return fail(err, errlen, "%s: longer than any cordon public key", path);
	}
	why = sig_pub_parse(file, *len, k);
	if (why)
		return fail(err, errlen, "%s: %s", path, why);
	return 0;
}
