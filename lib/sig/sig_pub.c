/* cordon: reads and checks a cordon public key file ("CPK1", lib/sig/sig.h) before any crypto sees it. */
#include <lib/sig/sig.h>
#include <lib/str.h>

/* The fixed fields around the modulus: magic (4), alg (2), n's length (2) before it; exponent (4) after. */
#define PUB_HEAD 8
#define PUB_TAIL 4

static u32 be16(const u8 *p)
{
	return (u32)p[0] << 8 | p[1];
}

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/*
 * The modulus must be exactly nbytes long with its top bit set, so that a key's size (and so the
 * signature length the verifier demands) is what the file says; it must be odd, as the product of
 * two odd primes is (an even modulus is no RSA key).
 */
static const char *check_modulus(const u8 *n, u32 nbytes)
{
	if (nbytes < SIG_MIN_BYTES)
		return "key modulus is shorter than 2048 bits";
	if (nbytes > SIG_MAX_BYTES)
		return "key modulus is longer than 4096 bits";
	if (!(n[0] & 0x80))
		return "key modulus does not fill its length (top bit clear)";
	if (!(n[nbytes - 1] & 1))
		return "key modulus is even";
	return NULL;
}

/* e = 1 makes every "signature" its own message; an even e is no RSA exponent (RFC 8017, 3.1). */
static const char *check_exponent(u32 e)
{
	if (e < 3)
		return "key exponent is below 3";
	if (!(e & 1))
		return "key exponent is even";
	return NULL;
}

static const char *parse(const u8 *file, u32 len, struct sig_pub *out)
{
	if (!file || len < PUB_HEAD)
		return "key file is truncated";
	if (be32(file) != SIG_PUB_MAGIC)
		return "key file does not start with CPK1";
	if (be16(file + 4) != SIG_ALG_RSA_PSS_SHA256)
		return "key algorithm is not RSA-PSS-SHA256";
	u32 nbytes = be16(file + 6);
	/* Length first, so the modulus checks below only read bytes the file has. */
	if (len < PUB_HEAD + nbytes + PUB_TAIL)
		return "key file is truncated";
	if (len > PUB_HEAD + nbytes + PUB_TAIL)
		return "key file has bytes after the exponent";
	const char *why = check_modulus(file + PUB_HEAD, nbytes);
	if (why)
		return why;
	u32 e = be32(file + PUB_HEAD + nbytes);
	why = check_exponent(e);
	if (why)
		return why;
	out->alg = SIG_ALG_RSA_PSS_SHA256;
	out->nbytes = (u16)nbytes;
	c_memcpy(out->n, file + PUB_HEAD, nbytes);
	out->e = e;
	return NULL;
}

const char *sig_pub_parse(const u8 *file, u32 len, struct sig_pub *out)
{
	c_memset(out, 0, sizeof(*out));
	const char *why = parse(file, len, out);
	if (why)
		c_memset(out, 0, sizeof(*out));
	return why;
}

static void put_be(u8 *p, u32 v, u32 bytes)
{
	for (u32 i = 0; i < bytes; i++)
		p[i] = (u8)(v >> 8 * (bytes - 1 - i));
}

u32 sig_pub_write(u8 *out, const u8 *n, u16 nbytes, u32 e)
{
	put_be(out, SIG_PUB_MAGIC, 4);
	put_be(out + 4, SIG_ALG_RSA_PSS_SHA256, 2);
	put_be(out + 6, nbytes, 2);
	c_memcpy(out + PUB_HEAD, n, nbytes);
	put_be(out + PUB_HEAD + nbytes, e, 4);
	return PUB_HEAD + nbytes + PUB_TAIL;
}
