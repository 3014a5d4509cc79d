/* cordon: management-channel frame and item codec (shared by cordon and cordon-attest). */
#ifndef CORDON_LIB_MGMT_H
#define CORDON_LIB_MGMT_H
#include <cordon/mgmt.h>
#include <cordon/types.h>

#define MGMT_ITEM_HDR 6 /* u16 tag | u32 length */

/* Frame writer over a caller's buffer; err latches when something does not fit. */
struct mgmt_wr {
	u8 *buf;
	u32 len, cap;
	bool err;
};
void mgmt_begin(struct mgmt_wr *w, u8 *buf, u32 cap, u16 type);
void mgmt_item(struct mgmt_wr *w, u16 tag, const void *data, u32 len);
void mgmt_item_u32(struct mgmt_wr *w, u16 tag, u32 v);
void mgmt_item_u64(struct mgmt_wr *w, u16 tag, u64 v);
/* Fills in the length; returns the frame size, or 0 if it did not fit. */
u32 mgmt_end(struct mgmt_wr *w);

/*
 * Incremental frame reader: feed bytes as they arrive. Bytes before a magic
 * are skipped (and counted); a header with a length above max resets the
 * reader and counts an error.
 */
struct mgmt_rd {
	u8 *buf;
	u32 cap, have;
	u32 skipped, errors;
	u16 type;
	u32 len; /* payload length once the header is in */
};
void mgmt_rd_init(struct mgmt_rd *r, u8 *buf, u32 cap);
/* Returns 1 when a whole frame is in buf (header at buf[0]); call mgmt_rd_reset before the next. */
int mgmt_rd_feed(struct mgmt_rd *r, u8 byte);
void mgmt_rd_reset(struct mgmt_rd *r);

/* Finds the first item with tag in a frame payload; NULL if absent or the items are malformed. */
const u8 *mgmt_find(const u8 *payload, u32 len, u16 tag, u32 *item_len);
/*
 * Copies the first item with tag into out (cap bytes, zeroed first) and sets
 * *item_len; false if absent, malformed or longer than cap. Unlike mgmt_find's
 * pointer and length, what it hands back needs no relation to payload for make prove.
 */
bool mgmt_get(const u8 *payload, u32 len, u16 tag, void *out, u32 cap, u32 *item_len);
/* Checks that the items tile the payload exactly. Returns NULL or a reason. */
const char *mgmt_check_items(const u8 *payload, u32 len);

#endif
