/* cordon: make prove harness: the management-channel frame reader and item parser over any byte stream. */
/* sources: lib/mgmt/mgmt_frame.c kernel/trust/mgmt_chan.c lib/str.c tests/prove/stub/stub_serial2.c tests/prove/stub/stub_console.c tests/prove/stub/stub_pmm.c tests/prove/stub/stub_lapic.c tests/prove/stub/stub_attest.c */
/* reaches: mgmt_init mgmt_poll dispatch mgmt_rd_init mgmt_rd_feed mgmt_rd_reset sync_or_store sync_magic resync take_header complete mgmt_check_items mgmt_find find_item mgmt_get mgmt_begin mgmt_item mgmt_item_u32 mgmt_end room */
#include <kernel/trust/tpm.h>
#include <lib/mgmt/mgmt_frame.h>
#include <tests/prove/prove.h>

/*
 * cordon's side: mgmt_init, then mgmt_poll as the scheduler calls it, with
 * serial2_getc returning any byte or "empty" on every call: every byte
 * stream of every length a verifier (or anyone on the wire) can send.
 */
/* cordon-attest's reader (tools/attest/chan.c): a whole frame of the largest size, any bytes. */
static u8 big[MGMT_HDR_SIZE + MGMT_MAX_FRAME];
static void tool_reader(void)
{
	struct mgmt_rd r;
	u32 n = 0;
	mgmt_rd_init(&r, big, sizeof(big));
	while (prove_int(0, 1))
		if (mgmt_rd_feed(&r, (u8)prove_int(0, 255)) == 1) {
			if (!mgmt_check_items(big + MGMT_HDR_SIZE, r.len))
				mgmt_find(big + MGMT_HDR_SIZE, r.len, (u16)prove_int(0, 0xffff), &n);
			mgmt_rd_reset(&r);
		}
}

/* A reader whose buffer cannot hold a header counts every byte as skipped. */
static void tiny_reader(void)
{
	u8 b[MGMT_HDR_SIZE - 1];
	struct mgmt_rd r;
	mgmt_rd_init(&r, b, sizeof(b));
	mgmt_rd_feed(&r, (u8)prove_int(0, 255));
}

/*
 * The writer, as attest.c and the tools use it: a buffer of exactly cap bytes
 * (cordon's TX_SIZE, and a small one where the cap is what stops the items),
 * items of any tag and any length from data that holds that many bytes (a
 * length above MGMT_MAX_FRAME is refused unread).
 */
static u8 out[MiB(2)], small[100], data[MGMT_MAX_FRAME];
static void writer(u8 *buf, u32 cap)
{
	struct mgmt_wr w;
	mgmt_begin(&w, prove_int(0, 1) ? buf : NULL, cap, (u16)prove_int(0, 0xffff));
	while (prove_int(0, 1)) {
		mgmt_item(&w, (u16)prove_int(0, 0xffff), data, (u32)prove_u64(0, 0xffffffffu));
		mgmt_item_u32(&w, (u16)prove_int(0, 0xffff), (u32)prove_u64(0, 0xffffffffu));
	}
	mgmt_end(&w);
}

int main(void)
{
	u32 polls = (u32)prove_u64(0, 1u << 31);
	mgmt_init(NULL);
	for (u32 i = 0; i < polls; i++)
		mgmt_poll();
	tool_reader();
	tiny_reader();
	prove_bytes(data, sizeof(data));
	writer(out, sizeof(out));
	writer(small, sizeof(small));
	writer(small, MGMT_HDR_SIZE - 1);
	return 0;
}
