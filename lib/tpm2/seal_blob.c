/* cordon: writing and checking sealed-secret blobs (layout in seal_blob.h); the bytes are untrusted. */
#include <lib/tpm2/seal_blob.h>
#include <lib/str.h>

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* Reads a TPM2B at *off (<= len) of at most max bytes; NULL if it runs past len. Bounds: offset + size <= len. */
static const u8 *take2b(const u8 *b, u32 len, u32 *off, u16 max, u16 *n)
{
	const u8 *body;
	if ((u64)*off + 2 > len)
		return NULL;
	*n = (u16)(b[*off] << 8 | b[*off + 1]);
	if (*n > max || (u64)*off + 2 + *n > len)
		return NULL;
	body = b + *off + 2;
	*off += 2 + *n;
	return body;
}

/* The public area must describe a policy-only sealed object (tpm2_tmpl_sealed). */
static const char *check_pub(const u8 *tpm2b, u16 n)
{
	struct tpm2_pub_info pi;
	if (tpm2_pub_parse(tpm2b, 2u + n, &pi) != TPM2_OK)
		return "sealed object's public area is malformed";
	if (pi.type != TPM_ALG_KEYEDHASH || pi.name_alg != TPM_ALG_SHA256 || pi.policy_len != 32)
		return "public area is not a SHA-256 keyedhash object with a policy";
	if (pi.attrs & TPMA_USER_WITH_AUTH)
		return "sealed object can be used with a password, not only its PCR policy";
	return NULL;
}

const char *seal_blob_parse(const u8 *b, u32 len, struct seal_blob *out)
{
	u32 off = SEAL_MAGIC_LEN + 4;
	const char *why;
	if (len < off || c_memcmp(b, SEAL_MAGIC, SEAL_MAGIC_LEN) != 0)
		return "not a cordon sealed blob (magic CSEAL001)";
	out->pcr_mask = be32(b + SEAL_MAGIC_LEN);
	if (out->pcr_mask == 0 || out->pcr_mask >> 24)
		return "PCR mask is empty or names PCRs above 23";
	out->pub = take2b(b, len, &off, TPM2_MAX_PUBLIC - 2, &out->pub_len);
	if (!out->pub)
		return "public area truncated or too big";
	why = check_pub(out->pub - 2, out->pub_len);
	if (why)
		return why;
	out->priv = take2b(b, len, &off, TPM2_MAX_PRIVATE, &out->priv_len);
	if (!out->priv || out->priv_len == 0)
		return "private area truncated, empty or too big";
	return off == len ? NULL : "trailing bytes after the private area";
}

u32 seal_blob_write(u8 *out, u32 cap, u32 mask, const u8 *pub, u16 pub_len, const u8 *priv, u16 priv_len)
{
	struct tpm_wr w = { .p = out, .cap = cap };
	tw_bytes(&w, SEAL_MAGIC, SEAL_MAGIC_LEN);
	tw_u32(&w, mask);
	tw_tpm2b(&w, pub, pub_len);
	tw_tpm2b(&w, priv, priv_len);
	return w.err ? 0 : w.len;
}
