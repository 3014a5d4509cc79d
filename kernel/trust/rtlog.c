/* cordon core: the runtime measurement log: PCR 10 events (start, policy, VM start/stop, vTPM EK, policy change) and their replayable list. */
#include <kernel/trust/tpm.h>
#include <kernel/console.h>
#include <kernel/mem/pmm.h>
#include <kernel/vm.h>
#include <lib/tcg/measure_ev.h>
#include <lib/sha256.h>
#include <lib/tcg/tcglog.h>
#include <lib/str.h>

#define RTLOG_SIZE KiB(256)
/* Largest TCG_PCR_EVENT2 we write: one SHA-256 digest and the longest event string. */
#define EVENT_MAX TCGLOG_EVENT_SIZE(MEV_MAX)

static u8 *log;
static u32 used;
static bool broken; /* a PCR extend failed: refuse to start anything the log would not show */

/*
 * Extends PCR 10 through TPM2_PCR_Event (the TPM hashes the data itself) and
 * appends the event; the digest the TPM reports must be the one we log, or
 * the log would not replay.
 */
static bool measure(const char *ev, u32 n)
{
	struct tpm_dev *d = tpm_get();
	u8 tpm_digest[32], ours[32];
	u32 rc, w;
	if (!d || !log || broken)
		return d == NULL; /* unmeasured boot: nothing to do, nothing refused */
	if (!n || RTLOG_SIZE - used < EVENT_MAX) {
		kprintf("cordon: runtime log: no room for '%s'\n", ev);
		return false;
	}
	rc = tpm2_pcr_event(d, MEV_PCR_RUNTIME, ev, (u16)n, tpm_digest);
	sha256(ev, n, ours);
	if (rc != TPM2_OK || c_memcmp(ours, tpm_digest, 32)) {
		kprintf("cordon: runtime log: extending PCR %u failed (%s); nothing more will start\n",
			MEV_PCR_RUNTIME, rc ? tpm2_rc_str(rc) : "digest mismatch");
		broken = true;
		return false;
	}
	w = tcglog_put_event(log + used, RTLOG_SIZE - used, MEV_PCR_RUNTIME, MEV_EVENT_TYPE, ours, ev, n);
	used += w;
	klog(CFG_LOG_INFO, "cordon: measured into PCR %u: %s\n", MEV_PCR_RUNTIME, ev);
	return true;
}

void rtlog_init(const struct bootinfo *bi)
{
	char ev[MEV_MAX];
	const struct bi_module *pol = bootinfo_module(bi, BI_MOD_POLICY);
	if (!tpm_get())
		return;
	log = (u8 *)pmm_alloc(RTLOG_SIZE, PAGE_SIZE);
	if (!log)
		panic("no memory for the runtime measurement log");
	used = tcglog_put_header(log, RTLOG_SIZE);
	measure(ev, mev_rt_started(ev, sizeof(ev), bootinfo_module(bi, BI_MOD_HYPERVISOR)->sha256,
				   bootinfo_module(bi, BI_MOD_CONFIG)->sha256, bi->cfg.nvms));
	if (pol)
		measure(ev, mev_rt_policy(ev, sizeof(ev), pol->sha256));
}

/*
 * A stop must always fit after its start, so a start needs room for two
 * events: the log can fill up, but never with a VM running unrecorded.
 */
bool rtlog_vm_start(struct vm *vm)
{
	char ev[MEV_MAX];
	if (tpm_get() && RTLOG_SIZE - used < 2 * EVENT_MAX) {
		kprintf("cordon: runtime log is full: vm '%s' is not started\n", vm->cfg->name);
		return false;
	}
	if (!measure(ev, mev_rt_vm_start(ev, sizeof(ev), vm->cfg->name, vm->cfg->label, vm->image->sha256)))
		return false;
	vm->measured = true;
	return true;
}

void rtlog_vm_stop(struct vm *vm, const char *reason)
{
	char ev[MEV_MAX];
	if (!vm->measured)
		return;
	vm->measured = false;
	measure(ev, mev_rt_vm_stop(ev, sizeof(ev), vm->cfg->name, vm->cfg->label, vm->image->sha256, reason));
}

/* Like a start, it keeps room for the client's stop after it: the log never fills with a VM unrecorded. */
bool rtlog_vtpm_ek(struct vm *client, const u8 *name, u32 len)
{
	char ev[MEV_MAX];
	if (tpm_get() && RTLOG_SIZE - used < 2 * EVENT_MAX) {
		kprintf("cordon: runtime log is full: vm '%s' gets no vTPM\n", client->cfg->name);
		return false;
	}
	return measure(ev, mev_rt_vtpm_ek(ev, sizeof(ev), client->cfg->name, name, len));
}

bool rtlog_policy_changed(const char *name, u64 serial, const u8 sha256[32])
{
	char ev[MEV_MAX];
	return measure(ev, mev_rt_policy_changed(ev, sizeof(ev), name, serial, sha256));
}

const u8 *rtlog_bytes(u32 *len)
{
	*len = used;
	return log;
}
