/* cordon: boot-info validation, run by the hypervisor before it trusts the loader's handover. */
#include <cordon/bootinfo.h>
#include <lib/str.h>

static bool terminated(const char *s, u64 size)
{
	return c_strnlen(s, size) < size;
}

static const char *check_mem(const struct bootinfo *bi)
{
	u64 prev_end = 0;
	if (bi->nmem == 0 || bi->nmem > BI_MAX_MEM)
		return "memory map count out of range";
	for (u32 i = 0; i < bi->nmem; i++) {
		const struct bi_mem *m = &bi->mem[i];
		if (m->type < BI_MEM_USABLE || m->type > BI_MEM_RESERVED)
			return "memory map entry has an unknown type";
		if ((m->base & (PAGE_SIZE - 1)) || m->pages == 0 || m->pages > (~0ULL - m->base) / PAGE_SIZE)
			return "memory map entry misaligned, empty or overflowing";
		if (m->base < prev_end)
			return "memory map not sorted or overlapping";
		prev_end = m->base + m->pages * PAGE_SIZE;
	}
	return NULL;
}

/* True if [base, base+size) lies inside one BI_MEM_LOADER range. */
static bool in_loader_memory(const struct bootinfo *bi, u64 base, u64 size)
{
	if (base + size < base)
		return false;
	for (u32 i = 0; i < bi->nmem; i++) {
		const struct bi_mem *m = &bi->mem[i];
		if (m->type == BI_MEM_LOADER && base >= m->base && base + size <= m->base + m->pages * PAGE_SIZE)
			return true;
	}
	return false;
}

static bool ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* Modules are separate firmware allocations: any overlap means the handover is corrupt. */
static bool mods_overlap(const struct bootinfo *bi)
{
	for (u32 i = 0; i < bi->nmods; i++) {
		const struct bi_module *m = &bi->mods[i];
		if (ranges_overlap(m->phys, m->size, bi->hv_phys, bi->hv_size))
			return true;
		for (u32 j = i + 1; j < bi->nmods; j++)
			if (ranges_overlap(m->phys, m->size, bi->mods[j].phys, bi->mods[j].size))
				return true;
	}
	return false;
}

/*
 * The loader adds one hypervisor and one boot.cfg module, which the runtime log measures by digest
 * (kernel/trust/rtlog.c), and a policy module exactly when boot.cfg names one: without it the ACM
 * would run the NULL policy, which permits everything.
 */
static const char *check_kinds(const struct bootinfo *bi, const u32 count[BI_MOD_LAST + 1])
{
	if (count[BI_MOD_GUEST] != bi->cfg.nvms)
		return "not one guest module per VM";
	if (count[BI_MOD_HYPERVISOR] != 1 || count[BI_MOD_CONFIG] != 1)
		return "not one hypervisor and one boot.cfg module";
	if (count[BI_MOD_POLICY] != (bi->cfg.policy[0] ? 1u : 0u))
		return "policy module does not match boot.cfg's policy";
	if (count[BI_MOD_OPERATOR_KEY] != (bi->cfg.operator_key[0] ? 1u : 0u) ||
	    count[BI_MOD_POLICY_KEY] != (bi->cfg.policy_key[0] ? 1u : 0u))
		return "key modules do not match boot.cfg's operator_key and policy_key";
	return NULL;
}

static const char *check_mods(const struct bootinfo *bi)
{
	u32 count[BI_MOD_LAST + 1] = { 0 };
	if (bi->nmods == 0 || bi->nmods > BI_MAX_MODS)
		return "module count out of range";
	for (u32 i = 0; i < bi->nmods; i++) {
		const struct bi_module *m = &bi->mods[i];
		u32 kind = m->kind, vm = m->vm; /* read once: Eva bounds a local, not a field of any mods[i] */
		if (!terminated(m->name, sizeof(m->name)))
			return "module name not terminated";
		if (kind < BI_MOD_HYPERVISOR || kind > BI_MOD_LAST)
			return "module of unknown kind";
		if (m->size == 0 || !in_loader_memory(bi, m->phys, m->size))
			return "module outside loader memory";
		if (kind == BI_MOD_GUEST && (vm >= bi->cfg.nvms || vm != count[BI_MOD_GUEST]))
			return "guest module does not match the VM list";
		if (kind == BI_MOD_INITRD && (vm >= bi->cfg.nvms || !bi->cfg.vms[vm].initrd[0]))
			return "initrd module for a VM without one";
		count[kind]++;
	}
	const char *why = check_kinds(bi, count);
	if (why)
		return why;
	if (mods_overlap(bi))
		return "modules overlap each other or the hypervisor";
	return NULL;
}

static const char *check_cfg(const struct cfg *c)
{
	if (c->nvms == 0 || c->nvms > CFG_MAX_VMS)
		return "VM count out of range";
	if (!terminated(c->policy, sizeof(c->policy)))
		return "policy path not terminated";
	if (!terminated(c->sealed, sizeof(c->sealed)))
		return "sealed-secret path not terminated";
	for (u32 i = 0; i < c->nvms; i++) {
		const struct cfg_vm *v = &c->vms[i];
		if (!terminated(v->name, sizeof(v->name)) || !terminated(v->label, sizeof(v->label)) ||
		    !terminated(v->image, sizeof(v->image)) || !terminated(v->cmdline, sizeof(v->cmdline)) ||
		    !terminated(v->initrd, sizeof(v->initrd)))
			return "VM string not terminated";
		if (v->memory < CFG_MIN_MEMORY || v->memory > CFG_MAX_MEMORY || v->memory % MiB(2) || v->vcpus != 1)
			return "VM memory or vCPU count out of range";
	}
	return NULL;
}

/* The log copy is the loader's; the final-events table is the firmware's and is parsed later. */
static const char *check_tpm(const struct bootinfo *bi)
{
	if (bi->tpm == BI_TPM_NONE)
		return bi->tpm_log || bi->tpm_log_size || bi->tpm_final ? "TPM log given for an unmeasured boot" : NULL;
	if (bi->tpm != BI_TPM_MEASURED)
		return "unknown TPM state";
	if (!bi->tpm_log_size || bi->tpm_log_size > BI_MAX_TPM_LOG ||
	    !in_loader_memory(bi, bi->tpm_log, bi->tpm_log_size))
		return "TPM event log outside loader memory or too large";
	if (!bi->tpm_final && bi->tpm_final_skip)
		return "final-events count without a table";
	return NULL;
}

const char *bootinfo_check(const struct bootinfo *bi)
{
	const char *why;
	if (bi->magic != BOOTINFO_MAGIC)
		return "bad magic";
	if (bi->version != BOOTINFO_VERSION)
		return "unsupported version";
	if (bi->size != sizeof(*bi))
		return "size mismatch (loader and hypervisor built from different sources)";
	if ((bi->hv_phys & (MiB(2) - 1)) || bi->hv_size == 0 || bi->hv_size % MiB(2))
		return "hypervisor placement not 2 MiB aligned";
	if ((why = check_mem(bi)) || (why = check_cfg(&bi->cfg)))
		return why;
	if (!in_loader_memory(bi, bi->hv_phys, bi->hv_size))
		return "hypervisor outside loader memory";
	if ((why = check_tpm(bi)))
		return why;
	return check_mods(bi);
}

const struct bi_module *bootinfo_module(const struct bootinfo *bi, u32 kind)
{
	for (u32 i = 0; i < bi->nmods && i < BI_MAX_MODS; i++) /* safe on an unchecked block too */
		if (bi->mods[i].kind == kind)
			return &bi->mods[i];
	return NULL;
}
