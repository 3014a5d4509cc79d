/* cordon: make prove stub for kernel/trust/attest.c's request handler: parses the items as it does, answers in rsp. */
#include <kernel/trust/tpm.h>
#include <lib/mgmt/mgmt_frame.h>

/*
 * attest_handle checks that the items tile the payload, looks up the items
 * of each request (lib/mgmt/mgmt_frame.c, analysed) and writes one response
 * frame into rsp. Its TPM half is proved by the TPM harnesses.
 */
u32 attest_handle(u16 type, const u8 *p, u32 len, u8 *rsp, u32 cap)
{
	struct mgmt_wr w;
	u32 n = 0;
	const u8 *item = NULL;
	mgmt_begin(&w, rsp, cap, (u16)(type + 1));
	if (mgmt_check_items(p, len))
		mgmt_item_u32(&w, MGMT_T_STATUS, MGMT_S_BAD_REQUEST);
	else if (type == MGMT_QUOTE_REQ)
		item = mgmt_find(p, len, MGMT_T_NONCE, &n);
	else if (type == MGMT_ACTIVATE_REQ && mgmt_find(p, len, MGMT_T_CRED_SECRET, &n))
		item = mgmt_find(p, len, MGMT_T_CRED_BLOB, &n);
	/* What attest.c does with the item (pointer and length together) is beyond Eva's intervals: h_mgmt.c. */
	if (item)
		mgmt_item_u32(&w, MGMT_T_STATUS, n);
	return mgmt_end(&w);
}
