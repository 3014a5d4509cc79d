/* cordon: management-channel frame and item codec (frame layout: include/cordon/mgmt.h). */
#include <lib/mgmt/mgmt_frame.h>
#include <lib/str.h>


static void put16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static void put32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static u16 get16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static u32 get32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

/* ---- writer */

void mgmt_begin(struct mgmt_wr *w, u8 *buf, u32 cap, u16 type)
{
	w->buf = buf;
	w->cap = cap;
	w->len = MGMT_HDR_SIZE;
	w->err = buf == NULL || cap < MGMT_HDR_SIZE;
	if (w->err)
		return;
	put32(buf, MGMT_MAGIC);
	put16(buf + 4, type);
	put16(buf + 6, 0);
	put32(buf + 8, 0);
}

/* Room for n more bytes, in the buffer and under the protocol's frame limit. */
static bool room(const struct mgmt_wr *w, u32 n)
{
	u32 limit = w->cap;
	if (limit > MGMT_HDR_SIZE + MGMT_MAX_FRAME)
		limit = MGMT_HDR_SIZE + MGMT_MAX_FRAME;
	return !w->err && w->len <= limit && n <= limit - w->len;
}

/*
 * The body is copied byte by byte, each index checked against cap: room()
 * already ensures it, but a check on the one index is what make prove can
 * bound (docs/PROOF.md).
 */
void mgmt_item(struct mgmt_wr *w, u16 tag, const void *data, u32 len)
{
	const u8 *s = data;
	if (len > MGMT_MAX_FRAME || !room(w, MGMT_ITEM_HDR + len) || (len && !data)) {
		w->err = true;
		return;
	}
	put16(w->buf + w->len, tag);
	put32(w->buf + w->len + 2, len);
	for (u32 i = 0; i < len; i++) {
		u64 k = (u64)w->len + MGMT_ITEM_HDR + i;
		if (k >= w->cap) {
			w->err = true;
			return;
		}
		w->buf[k] = s[i];
	}
	w->len += MGMT_ITEM_HDR + len;
}

void mgmt_item_u32(struct mgmt_wr *w, u16 tag, u32 v)
{
	u8 b[4];
	put32(b, v);
	mgmt_item(w, tag, b, sizeof(b));
}

void mgmt_item_u64(struct mgmt_wr *w, u16 tag, u64 v)
{
	u8 b[8];
	put32(b, (u32)(v >> 32));
	put32(b + 4, (u32)v);
	mgmt_item(w, tag, b, sizeof(b));
}

u32 mgmt_end(struct mgmt_wr *w)
{
	if (w->err)
		return 0;
	put32(w->buf + 8, w->len - MGMT_HDR_SIZE);
	return w->len;
}

/* ---- incremental reader */

void mgmt_rd_init(struct mgmt_rd *r, u8 *buf, u32 cap)
{
	r->buf = buf;
	r->cap = cap;
	r->skipped = 0;
	r->errors = 0;
	mgmt_rd_reset(r);
}

void mgmt_rd_reset(struct mgmt_rd *r)
{
	r->have = 0;
	r->type = 0;
	r->len = 0;
}

static u8 magic_byte(u32 i)
{
	return (u8)(MGMT_MAGIC >> (24 - 8 * i));
}

/*
 * Matches the magic one byte at a time. "CMG1" has no proper prefix that is
 * also a suffix, so after a mismatch the only place a magic can start again
 * is the current byte: no backtracking is needed.
 */
static void sync_magic(struct mgmt_rd *r, u8 byte)
{
	if (byte == magic_byte(r->have)) {
		r->buf[r->have++] = byte;
		return;
	}
	r->skipped += r->have;
	r->have = 0;
	if (byte == magic_byte(0))
		r->buf[r->have++] = byte;
	else
		r->skipped++;
}

/*
 * Header bytes after the magic are stored as they come. take_header keeps a
 * frame within cap, so have < cap here; the check makes that local (fail closed).
 */
static void sync_or_store(struct mgmt_rd *r, u8 byte)
{
	if (r->have < 4)
		sync_magic(r, byte);
	else if (r->have < r->cap)
		r->buf[r->have++] = byte;
	else {
		r->errors++;
		mgmt_rd_reset(r);
	}
}

/*
 * A refused header may have swallowed the start of a real frame (garbage that
 * happened to spell the magic just before it): look for a magic again from
 * its second byte on. Eleven bytes never complete a header, so this cannot recurse.
 */
static void resync(struct mgmt_rd *r)
{
	u8 rest[MGMT_HDR_SIZE - 1];
	c_memcpy(rest, r->buf + 1, sizeof(rest));
	mgmt_rd_reset(r);
	r->skipped++;
	for (u32 i = 0; i < sizeof(rest); i++)
		sync_or_store(r, rest[i]);
}

/* The header is in: accept it, or drop it and resynchronise. Returns 1 if the frame is empty. */
static int take_header(struct mgmt_rd *r)
{
	u32 len = get32(r->buf + 8);
	if (get16(r->buf + 6) != 0 || len > MGMT_MAX_FRAME || len > r->cap - MGMT_HDR_SIZE) {
		r->errors++;
		resync(r);
		return 0;
	}
	r->type = get16(r->buf + 4);
	r->len = len;
	return len == 0;
}

static bool complete(const struct mgmt_rd *r)
{
	return r->have >= MGMT_HDR_SIZE && r->have == MGMT_HDR_SIZE + r->len;
}

int mgmt_rd_feed(struct mgmt_rd *r, u8 byte)
{
	if (!r->buf || r->cap < MGMT_HDR_SIZE) {
		r->skipped++;
		return 0;
	}
	/* A caller that forgot mgmt_rd_reset starts a new frame rather than overrun the old one. */
	if (complete(r))
		mgmt_rd_reset(r);
	sync_or_store(r, byte);
	if (r->have == MGMT_HDR_SIZE)
		return take_header(r);
	return r->have > MGMT_HDR_SIZE && complete(r);
}

/* ---- items */

const char *mgmt_check_items(const u8 *payload, u32 len)
{
	u32 off = 0;
	if (len && !payload)
		return "no payload";
	/* Each bound is "offset + size <= len" on one offset, in 64 bits: make prove can then bound the offset. */
	while (off < len) {
		if ((u64)off + MGMT_ITEM_HDR > len)
			return "truncated item header";
		if ((u64)off + MGMT_ITEM_HDR + get32(payload + off + 2) > len)
			return "item longer than the frame";
		off += MGMT_ITEM_HDR + get32(payload + off + 2);
	}
	return NULL;
}

/* The offset of the first item with tag and its length, in items that tile the payload; false if absent. */
static bool find_item(const u8 *payload, u32 len, u16 tag, u32 *at, u32 *item_len)
{
	u32 off = 0;
	if (mgmt_check_items(payload, len))
		return false;
	while (off < len && (u64)off + MGMT_ITEM_HDR <= len) { /* the second test holds: the items tile */
		u32 n = get32(payload + off + 2);
		if (get16(payload + off) == tag) {
			*at = off + MGMT_ITEM_HDR;
			*item_len = n;
			return true;
		}
		off += MGMT_ITEM_HDR + n;
	}
	return false;
}

const u8 *mgmt_find(const u8 *payload, u32 len, u16 tag, u32 *item_len)
{
	u32 at, n;
	if (!find_item(payload, len, tag, &at, &n))
		return NULL;
	if (item_len)
		*item_len = n;
	return payload + at;
}

/* Byte by byte, each index checked against len (the items tile, so it holds: make prove bounds it so). */
bool mgmt_get(const u8 *payload, u32 len, u16 tag, void *out, u32 cap, u32 *item_len)
{
	u8 *o = out;
	u32 at, n;
	if (out)
		c_memset(out, 0, cap); /* whatever the item's length, every byte of out is defined */
	if (!out || !find_item(payload, len, tag, &at, &n) || n > cap)
		return false;
	for (u32 i = 0; i < n; i++) {
		u64 k = (u64)at + i;
		if (k >= len)
			return false;
		o[i] = payload[k];
	}
	*item_len = n;
	return true;
}
