/* cordon: make prove harness: the management-channel frame reader and item parser over any byte stream. */
/* sources: lib/mgmt/mgmt_frame.c kernel/trust/mgmt_chan.c lib/str.c tests/prove/stub/stub_serial2.c tests/prove/stub/stub_console.c tests/prove/stub/stub_pmm.c tests/prove/stub/stub_lapic.c tests/prove/stub/stub_attest.c */
/* reaches: mgmt_init mgmt_poll dispatch mgmt_rd_init mgmt_rd_feed mgmt_rd_reset sync_or_store sync_magic resync take_header complete mgmt_check_items mgmt_find mgmt_begin mgmt_item mgmt_item_u32 mgmt_end room */
#include <kernel/trust/tpm.h>
#include <tests/prove/prove.h>

/*
 * cordon's side: mgmt_init, then mgmt_poll as the scheduler calls it, with
 * serial2_getc returning any byte or "empty" on every call: every byte
 * stream of every length a verifier (or anyone on the wire) can send.
 */
int main(void)
{
	u32 polls = (u32)prove_u64(0, 1u << 31);
	mgmt_init(NULL);
	for (u32 i = 0; i < polls; i++)
		mgmt_poll();
	return 0;
}
