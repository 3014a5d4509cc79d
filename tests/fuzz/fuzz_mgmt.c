/* cordon fuzz target: management-channel frame reader and item finder (lib/mgmt/mgmt_frame.c) on arbitrary streams. */
/* sources: lib/mgmt/mgmt_frame.c lib/str.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/mgmt/mgmt_frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz_mgmt: check failed: %s\n", #c);    \
			abort();                                               \
		}                                                              \
	} while (0)

#define CAP (MGMT_HDR_SIZE + 1024) /* small, so the fuzzer reaches "longer than the buffer" */

static u32 be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

/* A complete frame: a sane header, items that find() agrees with, and the writer rebuilds it byte for byte. */
static void check_frame(const struct mgmt_rd *r)
{
	static u8 copy[CAP];
	const u8 *p = r->buf + MGMT_HDR_SIZE;
	struct mgmt_wr w;
	u32 off = 0, n;
	CHECK(be32(r->buf) == MGMT_MAGIC && r->buf[6] == 0 && r->buf[7] == 0);
	CHECK(be32(r->buf + 8) == r->len && r->have == MGMT_HDR_SIZE + r->len && r->have <= CAP);
	if (mgmt_check_items(p, r->len)) {
		for (u16 tag = 0; tag < 20; tag++)
			CHECK(mgmt_find(p, r->len, tag, &n) == NULL);
		return;
	}
	mgmt_begin(&w, copy, sizeof(copy), r->type);
	while (off < r->len) {
		u16 tag = (u16)(p[off] << 8 | p[off + 1]);
		u32 len = be32(p + off + 2);
		const u8 *found = mgmt_find(p, r->len, tag, &n);
		CHECK(found && found >= p + 6 && found + n <= p + r->len && found <= p + off + 6);
		mgmt_item(&w, tag, p + off + 6, len);
		off += 6 + len;
	}
	CHECK(off == r->len);
	CHECK(mgmt_end(&w) == r->have && memcmp(copy, r->buf, r->have) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u8 buf[CAP];
	struct mgmt_rd r;
	u64 framed = 0;
	mgmt_rd_init(&r, buf, sizeof(buf));
	for (size_t i = 0; i < size; i++) {
		if (mgmt_rd_feed(&r, data[i]) != 1)
			continue;
		check_frame(&r);
		framed += r.have;
		mgmt_rd_reset(&r);
	}
	/* Every byte was skipped, delivered in a frame, or is still waiting in the reader. */
	CHECK(r.skipped + framed + r.have == size);
	return 0;
}
