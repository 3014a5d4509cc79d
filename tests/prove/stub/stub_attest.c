/* cordon: make prove stub for kernel/trust/attest.c's request handler: parses the items as it does, answers in rsp. */
#include <kernel/trust/tpm.h>
#include <lib/mgmt/mgmt_frame.h>

/*
 * attest_handle checks that the items tile the payload, looks up the items
 * of each request (lib/mgmt/mgmt_frame.c, analysed) and writes one response
 * frame into rsp. Its TPM half is proved by h_tpm2. The items are copied out
 * with mgmt_get, as attest.c would have to for Eva to bound its reads of
 * them (mgmt_find's pointer and length are related only by its loop).
 */
u32 attest_handle(u16 type, const u8 *p, u32 len, u8 *rsp, u32 cap)
{
	struct mgmt_wr w;
	u8 item[TPM2_MAX_SECRET];
	u32 n = 0;
	mgmt_begin(&w, rsp, cap, (u16)(type + 1));
	if (mgmt_check_items(p, len))
		mgmt_item_u32(&w, MGMT_T_STATUS, MGMT_S_BAD_REQUEST);
	else if (type == MGMT_QUOTE_REQ && mgmt_find(p, len, MGMT_T_NONCE, &n) && n <= 64 &&
		 mgmt_get(p, len, MGMT_T_NONCE, item, 64, &n))
		mgmt_item(&w, MGMT_T_ATTEST, item, n);
	else if (type == MGMT_ACTIVATE_REQ && mgmt_get(p, len, MGMT_T_CRED_BLOB, item, TPM2_MAX_CRED, &n) &&
		 mgmt_get(p, len, MGMT_T_CRED_SECRET, item, TPM2_MAX_SECRET, &n))
		mgmt_item(&w, MGMT_T_CERT_INFO, item, n);
	return mgmt_end(&w);
}

/*
 * ctl_handle (kernel/trust/ctl.c): management requests. Its parser
 * (lib/mgmt/ctl_req.c) is unit-tested and fuzzed rather than proved here;
 * what this harness needs is its contract with mgmt_chan.c: one response
 * frame written into rsp[0..cap), its length returned.
 */
u32 ctl_handle(u16 type, const u8 *p, u32 len, u8 *rsp, u32 cap)
{
	struct mgmt_wr w;
	mgmt_begin(&w, rsp, cap, (u16)(type + 1));
	mgmt_item_u32(&w, MGMT_T_STATUS, mgmt_check_items(p, len) ? MGMT_S_BAD_REQUEST : MGMT_S_OK);
	return mgmt_end(&w);
}
