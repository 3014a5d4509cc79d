/* cordon unit tests: management-channel codec (lib/mgmt/mgmt_frame.c) on good and hostile byte streams. */
/* sources: lib/mgmt/mgmt_frame.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/mgmt/mgmt_frame.h>

#define CAP (MGMT_HDR_SIZE + 4096)
static u8 frame[CAP], rdbuf[CAP];

/* Builds a QUOTE_RSP-like frame with three items; returns its size. */
static u32 build(u8 *out, u32 cap)
{
	struct mgmt_wr w;
	mgmt_begin(&w, out, cap, MGMT_QUOTE_RSP);
	mgmt_item(&w, MGMT_T_ATTEST, "attest-bytes", 12);
	mgmt_item_u32(&w, MGMT_T_PCR_MASK, 0x7ff);
	mgmt_item(&w, MGMT_T_TEXT, NULL, 0);
	return mgmt_end(&w);
}

/* Feeds n bytes; returns how many frames completed (the last one stays in the reader). */
static int feed_all(struct mgmt_rd *r, const u8 *b, u32 n)
{
	int frames = 0;
	for (u32 i = 0; i < n; i++) {
		if (mgmt_rd_feed(r, b[i]) == 1) {
			frames++;
			if (i + 1 < n)
				mgmt_rd_reset(r);
		}
	}
	return frames;
}

static void test_round_trip(void **state)
{
	(void)state;
	u32 n = build(frame, CAP), len;
	struct mgmt_rd r;
	assert_int_equal(n, MGMT_HDR_SIZE + 6 + 12 + 6 + 4 + 6);
	mgmt_rd_init(&r, rdbuf, CAP);
	assert_int_equal(feed_all(&r, frame, n), 1);
	assert_int_equal(r.type, MGMT_QUOTE_RSP);
	assert_int_equal(r.len, n - MGMT_HDR_SIZE);
	assert_int_equal(r.skipped, 0);
	const u8 *p = rdbuf + MGMT_HDR_SIZE;
	assert_null(mgmt_check_items(p, r.len));
	const u8 *a = mgmt_find(p, r.len, MGMT_T_ATTEST, &len);
	assert_non_null(a);
	assert_int_equal(len, 12);
	assert_memory_equal(a, "attest-bytes", 12);
	a = mgmt_find(p, r.len, MGMT_T_PCR_MASK, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(a, "\0\0\x07\xff", 4);
	assert_non_null(mgmt_find(p, r.len, MGMT_T_TEXT, &len));
	assert_int_equal(len, 0);
	assert_null(mgmt_find(p, r.len, MGMT_T_NONCE, &len));
}

static void test_empty_frame(void **state)
{
	(void)state;
	struct mgmt_wr w;
	struct mgmt_rd r;
	mgmt_begin(&w, frame, CAP, MGMT_READY);
	u32 n = mgmt_end(&w);
	assert_int_equal(n, MGMT_HDR_SIZE);
	mgmt_rd_init(&r, rdbuf, CAP);
	assert_int_equal(feed_all(&r, frame, n), 1);
	assert_int_equal(r.type, MGMT_READY);
	assert_int_equal(r.len, 0);
}

/* Firmware text, a stray partial magic and a false magic before the real frame. */
static void test_garbage_before_magic(void **state)
{
	(void)state;
	static const char junk[] = "BdsDxe: loading Boot0001\r\nCMG CCMGCMG1";
	u8 stream[256];
	u32 j = sizeof(junk) - 1, n = build(frame, CAP);
	struct mgmt_rd r;
	memcpy(stream, junk, j);
	memcpy(stream + j, frame, n);
	mgmt_rd_init(&r, rdbuf, CAP);
	assert_int_equal(feed_all(&r, stream, j + n), 1);
	assert_int_equal(r.type, MGMT_QUOTE_RSP);
	assert_int_equal(r.skipped, j);
	assert_int_equal(r.errors, 1); /* the false "CMG1" made a header with reserved != 0 */
}

static void test_two_frames_back_to_back(void **state)
{
	(void)state;
	u8 stream[512];
	u32 n = build(frame, CAP);
	struct mgmt_rd r;
	memcpy(stream, frame, n);
	memcpy(stream + n, frame, n);
	mgmt_rd_init(&r, rdbuf, CAP);
	assert_int_equal(feed_all(&r, stream, 2 * n), 2);
	assert_int_equal(r.skipped, 0);
}

/* A header announcing more than MGMT_MAX_FRAME, or more than the buffer, is refused. */
static void check_refused_len(u32 len, u32 cap)
{
	u8 hdr[MGMT_HDR_SIZE] = { 'C', 'M', 'G', '1', 0, 0x15, 0, 0 };
	struct mgmt_rd r;
	hdr[8] = (u8)(len >> 24), hdr[9] = (u8)(len >> 16), hdr[10] = (u8)(len >> 8), hdr[11] = (u8)len;
	mgmt_rd_init(&r, rdbuf, cap);
	assert_int_equal(feed_all(&r, hdr, sizeof(hdr)), 0);
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.have, 0);
	/* and the reader still finds a good frame after it */
	u32 n = build(frame, CAP);
	assert_int_equal(feed_all(&r, frame, n), 1);
}

static void test_oversized_length(void **state)
{
	(void)state;
	check_refused_len(MGMT_MAX_FRAME + 1, CAP);
	check_refused_len(0xffffffffu, CAP);
	check_refused_len(CAP - MGMT_HDR_SIZE + 1, CAP);
}

static void test_truncated_items(void **state)
{
	(void)state;
	u32 n = build(frame, CAP), len;
	const u8 *p = frame + MGMT_HDR_SIZE;
	u32 plen = n - MGMT_HDR_SIZE;
	/* every strict prefix that cuts an item is malformed, and find refuses it */
	for (u32 cut = 1; cut < plen; cut++) {
		bool boundary = cut == 18 || cut == 28;
		assert_int_equal(mgmt_check_items(p, cut) == NULL, boundary);
		if (!boundary)
			assert_null(mgmt_find(p, cut, MGMT_T_ATTEST, &len));
	}
	/* an item length that runs past the payload */
	frame[MGMT_HDR_SIZE + 5] = 200;
	assert_string_equal(mgmt_check_items(p, plen), "item longer than the frame");
	assert_null(mgmt_find(p, plen, MGMT_T_PCR_MASK, &len));
}

static void test_writer_overflow(void **state)
{
	(void)state;
	struct mgmt_wr w;
	mgmt_begin(&w, frame, MGMT_HDR_SIZE + 12, MGMT_QUOTE_RSP);
	mgmt_item(&w, MGMT_T_NONCE, "12345", 5);
	assert_false(w.err);
	mgmt_item(&w, MGMT_T_NONCE, "x", 1); /* 11 + 7 does not fit in 12 */
	assert_true(w.err);
	assert_int_equal(mgmt_end(&w), 0);
	mgmt_begin(&w, frame, 4, MGMT_READY);
	assert_int_equal(mgmt_end(&w), 0);
	mgmt_begin(&w, frame, CAP, MGMT_READY);
	mgmt_item(&w, MGMT_T_TEXT, NULL, 3);
	assert_int_equal(mgmt_end(&w), 0);
}

/* Item lengths where MGMT_ITEM_HDR + len wraps to a small u32 (0xfffffffa -> 0, 0xffffffff -> 5): the
 * room check alone would pass them and copy ~4 GiB; the length limit must refuse them first. */
static void test_writer_wrapping_length(void **state)
{
	(void)state;
	static const u32 lens[] = { 0xfffffffau, 0xfffffffcu, 0xffffffffu, MGMT_MAX_FRAME + 1 };
	static const u8 src[8];
	struct mgmt_wr w;
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		mgmt_begin(&w, frame, CAP, MGMT_QUOTE_RSP);
		mgmt_item(&w, MGMT_T_TEXT, src, lens[i]);
		assert_true(w.err);
		assert_int_equal(w.len, MGMT_HDR_SIZE);
		assert_int_equal(mgmt_end(&w), 0);
	}
}

/* A reader whose buffer is smaller than a header never completes a frame or writes past it. */
static void test_tiny_reader(void **state)
{
	(void)state;
	u32 n = build(frame, CAP);
	struct mgmt_rd r;
	mgmt_rd_init(&r, rdbuf, 8);
	assert_int_equal(feed_all(&r, frame, n), 0);
	assert_int_equal(r.skipped, n);
}

/* mgmt_get copies what mgmt_find points at, zeroes the rest of out, and refuses an item longer than cap. */
static void test_get_copies_items(void **state)
{
	(void)state;
	u32 n = build(frame, CAP), len = 99;
	const u8 *p = frame + MGMT_HDR_SIZE;
	u8 out[16];
	memset(out, 0xee, sizeof(out));
	assert_true(mgmt_get(p, n - MGMT_HDR_SIZE, MGMT_T_ATTEST, out, sizeof(out), &len));
	assert_int_equal(len, 12);
	assert_memory_equal(out, "attest-bytes\0\0\0\0", 16);
	assert_true(mgmt_get(p, n - MGMT_HDR_SIZE, MGMT_T_ATTEST, out, 12, &len)); /* exactly cap */
	assert_false(mgmt_get(p, n - MGMT_HDR_SIZE, MGMT_T_ATTEST, out, 11, &len));
	assert_true(mgmt_get(p, n - MGMT_HDR_SIZE, MGMT_T_TEXT, out, sizeof(out), &len));
	assert_int_equal(len, 0);
	assert_false(mgmt_get(p, n - MGMT_HDR_SIZE, MGMT_T_NONCE, out, sizeof(out), &len));
	assert_false(mgmt_get(p, n - MGMT_HDR_SIZE - 1, MGMT_T_ATTEST, out, sizeof(out), &len)); /* malformed */
	assert_false(mgmt_get(p, n - MGMT_HDR_SIZE, MGMT_T_ATTEST, NULL, 0, &len));
}

/* A reader state that take_header never lets arise (a frame end past cap) drops the frame, not the bounds. */
static void test_reader_full_buffer(void **state)
{
	(void)state;
	u8 b[16] = { 0 };
	struct mgmt_rd r;
	mgmt_rd_init(&r, b, 14);
	r.have = 14;
	r.len = 8; /* says 20 bytes in all: more than the 14 the buffer holds */
	assert_int_equal(mgmt_rd_feed(&r, 0xaa), 0);
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.have, 0);
	assert_int_equal(b[14], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty_frame),
		cmocka_unit_test(test_garbage_before_magic),
		cmocka_unit_test(test_two_frames_back_to_back),
		cmocka_unit_test(test_oversized_length),
		cmocka_unit_test(test_truncated_items),
		cmocka_unit_test(test_writer_overflow),
		cmocka_unit_test(test_writer_wrapping_length),
		cmocka_unit_test(test_tiny_reader),
		cmocka_unit_test(test_reader_full_buffer),
		cmocka_unit_test(test_get_copies_items),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
