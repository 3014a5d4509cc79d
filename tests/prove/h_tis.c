/* cordon: make prove harness: the TPM TIS driver's response framing over any register values the TPM shows. */
/* sources: kernel/trust/tpm_tis.c lib/str.c tests/prove/stub/stub_lapic.c */
/* reaches: tis_probe tis_xfer send receive read_bytes wait_bits wait_burst burst rd8 wr8 rd32 */
/* eva: -absolute-valid-range 0xfed40000-0xfed40fff */
#include <kernel/trust/tpm.h>
#include <tests/prove/prove.h>

/*
 * The TIS registers (locality 0, 0xfed40000, PTP 6.5.2) are the only
 * absolute addresses the driver touches; they are volatile, so every read
 * is any value: a TPM (or a device posing as one) that says anything.
 */
static u8 cmd[TPM2_BUF_MAX], rsp[TPM2_BUF_MAX];

int main(void)
{
	u32 id, got;
	prove_bytes(cmd, sizeof(cmd));
	if (!tis_probe(&id))
		return 0;
	tis_xfer(NULL, cmd, (u32)prove_u64(0, sizeof(cmd)), rsp, sizeof(rsp), &got);
	return 0;
}
