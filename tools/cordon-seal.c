/* cordon-seal: seals a secret to predicted PCR values with a TPM (swtpm socket) and writes a CSEAL001 blob. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/tpm2/seal_blob.h>
#include <tools/tpm_sock.h>

#define TIMEOUT_MS 10000
#define USAGE "usage: cordon-seal --tpm SOCK --pcr N=HEX [--pcr N=HEX...] --in SECRET --out FILE.seal"

struct args {
	const char *sock, *in, *out;
	u32 mask;
	u8 values[24][32];
};

static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("cordon-seal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "N=HEX": PCR 0..23 and its predicted SHA-256 value, 64 hex digits. */
static void parse_pcr(struct args *a, const char *s)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);
	if (end == s || *end != '=' || n > 23)
		die("--pcr %s: expected N=HEX with N in 0..23", s);
	if (a->mask >> n & 1)
		die("--pcr %lu given twice", n);
	if (strlen(end + 1) != 64)
		die("--pcr %s: the value must be 64 hex digits (SHA-256)", s);
	for (int i = 0; i < 32; i++) {
		int hi = hexval(end[1 + 2 * i]), lo = hexval(end[2 + 2 * i]);
		if (hi < 0 || lo < 0)
			die("--pcr %s: not a hex digit in the value", s);
		a->values[n][i] = (u8)(hi << 4 | lo);
	}
	a->mask |= 1u << n;
}

static void parse_args(struct args *a, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!val)
			die("%s needs a value; " USAGE, opt);
		i++;
		if (!strcmp(opt, "--tpm"))
			a->sock = val;
		else if (!strcmp(opt, "--pcr"))
			parse_pcr(a, val);
		else if (!strcmp(opt, "--in"))
			a->in = val;
		else if (!strcmp(opt, "--out"))
			a->out = val;
		else
			die("unknown option %s; " USAGE, opt);
	}
	if (!a->sock || !a->in || !a->out || !a->mask)
		die(USAGE);
}

static u16 read_secret(const char *path, u8 buf[TPM2_MAX_SEALED + 1])
{
	FILE *f = fopen(path, "rb");
	size_t n;
	if (!f)
		die("cannot open %s", path);
	n = fread(buf, 1, TPM2_MAX_SEALED + 1, f);
	fclose(f);
	if (n == 0 || n > TPM2_MAX_SEALED)
		die("%s: the secret must be 1 to %d bytes", path, TPM2_MAX_SEALED);
	return (u16)n;
}

static void write_file(const char *path, const u8 *b, u32 len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b, 1, len, f) != len || fclose(f) != 0)
		die("cannot write %s", path);
}

int main(int argc, char **argv)
{
	static struct args a;
	static struct tpm_dev dev;
	static struct tpm_sock sock;
	static u8 secret[TPM2_MAX_SEALED + 1], blob[SEAL_BLOB_MAX];
	u32 blob_len = 0, rc;
	u16 len;
	parse_args(&a, argc, argv);
	len = read_secret(a.in, secret);
	if (tpm_sock_open(&sock, a.sock, TIMEOUT_MS, &dev) < 0)
		die("%s", sock.err);
	rc = seal_create(&dev, a.mask, (const u8(*)[32])a.values, secret, len, blob, sizeof(blob), &blob_len);
	memset(secret, 0, sizeof(secret));
	if (rc == TPM2_E_TRANSPORT)
		die("%s", sock.err);
	if (rc)
		die("sealing failed: %s (0x%x)", tpm2_rc_str(rc), rc);
	tpm_sock_close(&sock);
	write_file(a.out, blob, blob_len);
	return 0;
}
