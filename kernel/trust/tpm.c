/* cordon core: finds the platform TPM the loader measured into and offers it to the rest of cordon. */
#include <kernel/trust/tpm.h>
#include <kernel/console.h>
#include <arch/x86_64/arch.h>

static struct tpm_dev dev; /* its command/response buffers are the only TPM scratch memory */
static bool present;

bool tpm_init(const struct bootinfo *bi)
{
	u32 id;
	if (bi->tpm != BI_TPM_MEASURED) {
		kprintf("cordon: unmeasured boot (no TPM, boot.cfg says 'tpm = optional'): "
			"no runtime log, no attestation, no sealed secret\n");
		return true;
	}
	if (!tis_probe(&id)) {
		kprintf("cordon: the loader measured into a TPM but cordon cannot reach it through TIS at 0xfed40000\n");
		return bi->cfg.tpm == CFG_TPM_OPTIONAL;
	}
	dev.xfer = tis_xfer;
	present = true;
	kprintf("cordon: TPM 2.0 (TIS, vendor %04x device %04x); loader measured %u events in %llu us, event log %llu bytes\n",
		id & 0xffff, id >> 16, bi->tpm_events, bi->measure_tsc * 1000 / tsc_khz(), bi->tpm_log_size);
	return true;
}

struct tpm_dev *tpm_get(void)
{
	return present ? &dev : NULL;
}
