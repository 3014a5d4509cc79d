/* cordon EFI loader: measures each loaded component through EFI_TCG2_PROTOCOL and hands the event log over. */
#include <boot/loader.h>
#include <boot/tcg2.h>
#include <lib/tcg/measure_ev.h>
#include <lib/tcg/tcglog.h>
#include <lib/str.h>

#define TCG2_BOOT_HASH_ALG_SHA256 0x00000002 /* TCG EFI Protocol 2.0, 6.4.2 */

static CORDON_TCG2_PROTOCOL *tcg2;
static u64 spent; /* TSC cycles inside the firmware's measurement calls */

/*
 * Finds the TCG2 protocol and checks there is a TPM with a SHA-256 bank. With
 * none, boot.cfg decides: 'tpm = required' (the default) stops here, 'tpm =
 * optional' boots unmeasured and says so.
 */
void measure_init(struct bootinfo *bi)
{
	EFI_GUID guid = CORDON_TCG2_PROTOCOL_GUID;
	CORDON_TCG2_CAPABILITY cap = { .Size = sizeof(cap) };
	const char *why = NULL;
	if (EFI_ERROR(LibLocateProtocol(&guid, (void **)&tcg2)) || !tcg2)
		why = "the firmware has no EFI_TCG2_PROTOCOL (no TPM 2.0)";
	else if (EFI_ERROR(uefi_call_wrapper(tcg2->GetCapability, 2, tcg2, &cap)) || !cap.TPMPresentFlag)
		why = "the firmware reports no TPM present";
	else if (!(cap.ActivePcrBanks & TCG2_BOOT_HASH_ALG_SHA256))
		why = "the TPM has no active SHA-256 PCR bank";
	if (!why) {
		bi->tpm = BI_TPM_MEASURED;
		say("TPM 2.0 found: measuring into PCRs %u (configuration) and %u (images)", MEV_PCR_CONFIG,
		    MEV_PCR_IMAGES);
		return;
	}
	tcg2 = NULL;
	if (bi->cfg.tpm != CFG_TPM_OPTIONAL)
		fail_cfg(0, "%s; boot.cfg requires a TPM (set 'tpm = optional' to boot unmeasured)", why);
	say("%s: booting UNMEASURED because boot.cfg says 'tpm = optional'", why);
}

/* One HashLogExtendEvent: digest of data into pcr, with desc as the event data. */
static void extend(struct bootinfo *bi, u32 pcr, const void *data, u64 len, const char *desc, u32 dlen)
{
	static u8 buf[sizeof(CORDON_TCG2_EVENT) + MEV_MAX] __attribute__((aligned(8)));
	CORDON_TCG2_EVENT *ev = (CORDON_TCG2_EVENT *)buf;
	u64 t0 = __builtin_ia32_rdtsc();
	EFI_STATUS st;
	if (!dlen)
		fatal("measurement event for '%s' is too long", desc);
	ev->Size = (UINT32)(sizeof(*ev) + dlen);
	ev->Header.HeaderSize = sizeof(ev->Header);
	ev->Header.HeaderVersion = TCG2_EVENT_HEADER_VERSION;
	ev->Header.PCRIndex = pcr;
	ev->Header.EventType = MEV_EVENT_TYPE;
	c_memcpy(ev->Event, desc, dlen);
	st = uefi_call_wrapper(tcg2->HashLogExtendEvent, 5, tcg2, 0ULL, (EFI_PHYSICAL_ADDRESS)(uptr)data, len, ev);
	/* A boot that is half measured would attest as something it is not: stop instead. */
	if (EFI_ERROR(st))
		fatal("TPM measurement of '%s' failed (EFI status %lx)", desc, (unsigned long)st);
	spent += __builtin_ia32_rdtsc() - t0;
	bi->tpm_events++;
}

/* Called once per component after it is read and hashed, before the handover. */
void measure_component(struct bootinfo *bi, const struct bi_module *m)
{
	char d[MEV_MAX];
	const struct cfg_vm *vm = &bi->cfg.vms[m->vm];
	const void *file = (const void *)(uptr)m->phys;
	u32 n;
	if (!tcg2 || m->kind == BI_MOD_SEALED)
		return;
	if (m->kind == BI_MOD_INITRD) {
		extend(bi, MEV_PCR_IMAGES, file, m->size, d, mev_guest_initrd(d, sizeof(d), vm));
		return;
	}
	switch (m->kind) {
	case BI_MOD_HYPERVISOR:
		extend(bi, MEV_PCR_IMAGES, file, m->size, d, mev_hypervisor(d, sizeof(d), m->name));
		break;
	case BI_MOD_CONFIG:
		extend(bi, MEV_PCR_CONFIG, file, m->size, d, mev_config(d, sizeof(d), m->name));
		break;
	case BI_MOD_POLICY:
		extend(bi, MEV_PCR_CONFIG, file, m->size, d, mev_policy(d, sizeof(d), m->name));
		break;
	case BI_MOD_OPERATOR_KEY:
	case BI_MOD_POLICY_KEY: /* the verifier learns which keys may control this platform */
		extend(bi, MEV_PCR_CONFIG, file, m->size, d,
		       mev_key(d, sizeof(d), m->kind == BI_MOD_OPERATOR_KEY ? "operator-key" : "policy-key", m->name));
		break;
	default:
		extend(bi, MEV_PCR_IMAGES, file, m->size, d, mev_guest_image(d, sizeof(d), vm));
		n = mev_guest_config(d, sizeof(d), vm);
		extend(bi, MEV_PCR_CONFIG, d, n, d, n);
	}
}

/* Byte length of the log from its start through the event at last (parsed, so never guessed). */
static u64 log_length(u64 start, u64 last)
{
	struct tcg_iter it;
	struct tcg_event ev;
	int r;
	if (last < start || last - start >= BI_MAX_TPM_LOG)
		return 0;
	if (tcglog_open(&it, (const void *)(uptr)start, BI_MAX_TPM_LOG))
		return 0;
	if (last == start) /* only the Spec ID header */
		return it.off;
	while ((r = tcglog_next(&it, &ev)) == 1)
		if (ev.offset == last - start)
			return it.off;
	return 0;
}

/*
 * Copies the crypto-agile log into loader memory (the firmware's copy is boot
 * services memory, reused once cordon runs) and notes the final-events table:
 * events logged after this GetEventLog call (ExitBootServices) are only there.
 */
void measure_finish(struct bootinfo *bi)
{
	EFI_GUID fguid = CORDON_TCG2_FINAL_EVENTS_GUID;
	EFI_PHYSICAL_ADDRESS start = 0, last = 0;
	CORDON_TCG2_FINAL_EVENTS *fin = NULL;
	BOOLEAN truncated = 0;
	u64 len, copy;
	bi->measure_tsc = spent;
	if (!tcg2)
		return;
	if (EFI_ERROR(uefi_call_wrapper(tcg2->GetEventLog, 5, tcg2, TCG2_EVENT_LOG_FORMAT_TCG_2, &start, &last,
					&truncated)) || !start)
		fatal("the firmware returned no crypto-agile TPM event log");
	if (truncated)
		fatal("the firmware's TPM event log is truncated: the boot could not be attested");
	if (!(len = log_length(start, last)))
		fatal("the firmware's TPM event log is malformed or larger than %llu bytes", BI_MAX_TPM_LOG);
	if (EFI_ERROR(pages_alloc(len, &copy)))
		fatal("out of memory for the TPM event log");
	c_memcpy((void *)(uptr)copy, (const void *)(uptr)start, len);
	bi->tpm_log = copy;
	bi->tpm_log_size = len;
	if (!EFI_ERROR(LibGetSystemConfigurationTable(&fguid, (void **)&fin)) && fin) {
		bi->tpm_final = (u64)(uptr)fin;
		bi->tpm_final_skip = fin->NumberOfEvents;
	}
	say("measured %u events; event log %llu bytes handed over", bi->tpm_events, len);
}
