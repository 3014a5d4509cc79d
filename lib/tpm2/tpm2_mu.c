/* cordon: TPM 2.0 byte cursors, big-endian as every TPM structure (Part 1, 18.2; Part 2, 5.1). */
#include <lib/tpm2/tpm2_int.h>
#include <lib/str.h>

/* Room for n more bytes? Latches the error so a caller checks once at the end. */
static bool tw_room(struct tpm_wr *w, u32 n)
{
	if (w->err || n > w->cap - w->len)
		w->err = true;
	return !w->err;
}

void tw_u8(struct tpm_wr *w, u8 v)
{
	if (tw_room(w, 1))
		w->p[w->len++] = v;
}

void tw_u16(struct tpm_wr *w, u16 v)
{
	if (tw_room(w, 2)) {
		w->p[w->len++] = (u8)(v >> 8);
		w->p[w->len++] = (u8)v;
	}
}

void tw_u32(struct tpm_wr *w, u32 v)
{
	if (tw_room(w, 4)) {
		tw_u16(w, (u16)(v >> 16));
		tw_u16(w, (u16)v);
	}
}

/*
 * Byte by byte, each index checked against cap: tw_room already ensures it,
 * but the check on the one index is what make prove can bound (docs/PROOF.md).
 */
void tw_bytes(struct tpm_wr *w, const void *b, u32 n)
{
	const u8 *s = b;
	if (!n || !tw_room(w, n))
		return;
	for (u32 i = 0; i < n; i++) {
		u64 k = (u64)w->len + i;
		if (k >= w->cap) {
			w->err = true;
			return;
		}
		w->p[k] = s[i];
	}
	w->len += n;
}

/* A TPM2B: UINT16 size, then size bytes (Part 2, 10.4). */
void tw_tpm2b(struct tpm_wr *w, const void *b, u16 n)
{
	tw_u16(w, n);
	tw_bytes(w, b, n);
}

/* len is where the bytes end, counted from p like off (sub-readers share p), so off + n <= len bounds the read. */
const u8 *tr_bytes(struct tpm_rd *r, u32 n)
{
	const u8 *at;
	if (r->err || (u64)r->off + n > r->len) {
		r->err = true;
		return NULL;
	}
	at = r->p + r->off;
	r->off += n;
	return at;
}

u8 tr_u8(struct tpm_rd *r)
{
	const u8 *b = tr_bytes(r, 1);
	return b ? b[0] : 0;
}

u16 tr_u16(struct tpm_rd *r)
{
	const u8 *b = tr_bytes(r, 2);
	return b ? (u16)(b[0] << 8 | b[1]) : 0;
}

u32 tr_u32(struct tpm_rd *r)
{
	const u8 *b = tr_bytes(r, 4);
	return b ? (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3] : 0;
}

u64 tr_u64(struct tpm_rd *r)
{
	u64 hi = tr_u32(r);
	return hi << 32 | tr_u32(r);
}

const u8 *tr_tpm2b(struct tpm_rd *r, u16 *n, u16 max)
{
	u16 size = tr_u16(r);
	*n = 0;
	if (r->err || size > max) {
		r->err = true;
		return NULL;
	}
	*n = size;
	return tr_bytes(r, size);
}

/* TPML_PCR_SELECTION with one TPMS_PCR_SELECTION (Part 2, 10.9.7, 10.6.2): bit i of pcrSelect[i/8] is PCR i. */
void tw_pcr_sel(struct tpm_wr *w, u32 mask)
{
	tw_u32(w, 1);
	tw_u16(w, TPM_ALG_SHA256);
	tw_u8(w, 3); /* PCR_SELECT_MIN: 24 PCRs */
	tw_u8(w, (u8)mask);
	tw_u8(w, (u8)(mask >> 8));
	tw_u8(w, (u8)(mask >> 16));
	if (mask >> TPM2_PCRS)
		w->err = true;
}

/* Up to 4 select bytes are accepted as long as nothing beyond PCR 23 is selected. */
void tr_pcr_sel(struct tpm_rd *r, u16 *hash, u32 *mask)
{
	u32 count = tr_u32(r), m = 0;
	u8 n;
	const u8 *sel;
	*hash = tr_u16(r);
	n = tr_u8(r);
	if (count != 1 || n > 4)
		r->err = true;
	sel = tr_bytes(r, r->err ? 0 : n);
	for (u32 i = 0; sel && i < n; i++)
		m |= (u32)sel[i] << (8 * i);
	if (n == 4 && sel && sel[3])
		r->err = true;
	*mask = r->err ? 0 : m;
}

/* Digest sizes of the hashes a TPM may report in TPMT_HA (Part 2, 10.3.2). */
u16 tpm2_digest_size(u16 alg)
{
	switch (alg) {
	case TPM_ALG_SHA1:
		return 20;
	case TPM_ALG_SHA256:
	case TPM_ALG_SM3_256:
		return 32;
	case TPM_ALG_SHA384:
		return 48;
	case TPM_ALG_SHA512:
		return 64;
	default:
		return 0;
	}
}

u32 tw_size_begin(struct tpm_wr *w)
{
	u32 at = w->len;
	tw_u16(w, 0);
	return at;
}

void tw_size_end(struct tpm_wr *w, u32 at)
{
	u32 n = w->len - at - 2;
	if (w->err || n > 0xffff) {
		w->err = true;
		return;
	}
	w->p[at] = (u8)(n >> 8);
	w->p[at + 1] = (u8)n;
}

void tr_skip2b(struct tpm_rd *r, u16 max)
{
	u16 n;
	tr_tpm2b(r, &n, max);
}

/* The sub-reader shares p and ends where the TPM2B does: its reads are bounded like the parent's. */
void tr_sub2b(struct tpm_rd *r, struct tpm_rd *sub, u16 max)
{
	u16 size = tr_u16(r);
	u64 end = (u64)r->off + size;
	if (r->err || size > max || end > r->len) {
		r->err = true;
		*sub = (struct tpm_rd){ .p = r->p, .err = true };
		return;
	}
	*sub = (struct tpm_rd){ .p = r->p, .off = r->off, .len = (u32)end };
	r->off = (u32)end;
}

/* Byte by byte, each index checked against the end (as tw_bytes, for make prove). */
bool tr_copy(struct tpm_rd *r, void *out, u32 n)
{
	u8 *o = out;
	u32 at = r->off;
	if (!tr_bytes(r, n))
		return false;
	for (u32 i = 0; i < n; i++) {
		u64 k = (u64)at + i;
		if (k >= r->len) {
			r->err = true;
			return false;
		}
		o[i] = r->p[k];
	}
	return true;
}

bool tr_take2b(struct tpm_rd *r, void *out, u16 *n, u16 cap)
{
	u16 size = tr_u16(r);
	c_memset(out, 0, cap); /* every byte of out is defined, whatever size the TPM says (make prove) */
	*n = 0;
	if (r->err || size > cap) {
		r->err = true;
		return false;
	}
	if (!tr_copy(r, out, size))
		return false;
	*n = size;
	return true;
}
