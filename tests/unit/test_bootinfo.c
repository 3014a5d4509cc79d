/* cordon unit tests: boot-info validation (lib/boot/bootinfo.c, bootinfo_check). */
/* sources: lib/boot/bootinfo.c lib/str.c */
#include <tests/unit/unit.h>
#include <cordon/bootinfo.h>

#define HV_PHYS MiB(16)
#define LOADER_BASE MiB(16)
#define LOADER_END MiB(32)

static void add_mem(struct bootinfo *bi, u64 base, u64 end, u32 type)
{
	bi->mem[bi->nmem++] = (struct bi_mem){ base, (end - base) / PAGE_SIZE, type, 0 };
}

static void add_mod(struct bootinfo *bi, u32 kind, u64 phys, u64 size, u32 vm, const char *name)
{
	struct bi_module *m = &bi->mods[bi->nmods++];
	m->kind = kind;
	m->phys = phys;
	m->size = size;
	m->vm = vm;
	snprintf(m->name, sizeof(m->name), "%s", name);
}

static void add_vm(struct bootinfo *bi, const char *name, const char *image)
{
	struct cfg_vm *v = &bi->cfg.vms[bi->cfg.nvms++];
	snprintf(v->name, sizeof(v->name), "%s", name);
	snprintf(v->image, sizeof(v->image), "%s", image);
	snprintf(v->label, sizeof(v->label), "unlabeled");
	v->memory = MiB(4);
	v->vcpus = 1;
}

static struct bootinfo *cur; /* the latest make_valid() result, freed by the next call and at exit */

/* A consistent handover: the hypervisor and every module in one loader range, two VMs. */
static struct bootinfo *make_valid(void)
{
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	free(cur);
	cur = bi;
	bi->magic = BOOTINFO_MAGIC;
	bi->version = BOOTINFO_VERSION;
	bi->size = sizeof(*bi);
	bi->hv_phys = HV_PHYS;
	bi->hv_size = MiB(4);
	add_mem(bi, 0, 0x9f000, BI_MEM_USABLE);
	add_mem(bi, MiB(1), LOADER_BASE, BI_MEM_USABLE);
	add_mem(bi, LOADER_BASE, LOADER_END, BI_MEM_LOADER);
	add_mem(bi, LOADER_END, MiB(128), BI_MEM_USABLE);
	add_mem(bi, 0xfec00000, 0xfec01000, BI_MEM_RESERVED);
	add_mod(bi, BI_MOD_HYPERVISOR, MiB(20), 0x40000, 0, "hypervisor.elf");
	add_mod(bi, BI_MOD_CONFIG, MiB(21), 0x300, 0, "boot.cfg");
	add_mod(bi, BI_MOD_GUEST, MiB(22), 0x4000, 0, "guests/a.elf");
	add_mod(bi, BI_MOD_GUEST, LOADER_END - 0x4000, 0x4000, 1, "guests/b.elf");
	add_vm(bi, "alpha", "guests/a.elf");
	add_vm(bi, "bravo", "guests/b.elf");
	return bi;
}

static void test_valid(void **state)
{
	struct bootinfo *bi = make_valid();
	(void)state;
	assert_null(bootinfo_check(bi));
}

/* Maximum counts and boundary placements are still accepted. */
/* A measured handover: the log copy is a loader allocation, the final-events table the firmware's. */
static void test_valid_measured(void **state)
{
	struct bootinfo *bi = make_valid();
	(void)state;
	bi->tpm = BI_TPM_MEASURED;
	bi->tpm_log = MiB(23);
	bi->tpm_log_size = BI_MAX_TPM_LOG;
	bi->tpm_final = 0x7f000000;
	bi->tpm_final_skip = 2;
	add_mod(bi, BI_MOD_SEALED, MiB(23) + BI_MAX_TPM_LOG, 0x10c, 0, "secret.seal");
	assert_null(bootinfo_check(bi));
}

static void test_valid_limits(void **state)
{
	struct bootinfo *bi = make_valid();
	(void)state;
	bi->hv_phys = LOADER_END - MiB(4); /* ends exactly at the loader range end */
	bi->mods[3].phys = bi->hv_phys - 0x4000; /* ends where the hypervisor starts */
	bi->mods[2].phys = bi->mods[1].phys + bi->mods[1].size; /* modules back to back */
	memset(bi->mods[2].name, 'n', BI_MOD_NAME - 1); /* 63 characters and the NUL */
	memset(bi->cfg.vms[0].name, 'a', CFG_NAME_MAX - 1);
	bi->cfg.vms[0].memory = CFG_MAX_MEMORY;
	bi->cfg.vms[1].memory = CFG_MIN_MEMORY;
	assert_null(bootinfo_check(bi));
	while (bi->nmem < BI_MAX_MEM)
		add_mem(bi, GiB(8) + bi->nmem * 0x1000ULL, GiB(8) + bi->nmem * 0x1000ULL + 0x1000, BI_MEM_RESERVED);
	assert_null(bootinfo_check(bi));
}

/* ---------------------------------------------------------------- one corruption each */

struct corrupt {
	const char *name;
	void (*apply)(struct bootinfo *bi);
	const char *msg;
};

#define C(fn, body)                               \
	static void fn(struct bootinfo *bi)       \
	{                                         \
		body;                             \
	}

C(c_magic, bi->magic ^= 1)
C(c_version0, bi->version = 0)
C(c_version_next, bi->version = BOOTINFO_VERSION + 1)
C(c_size_small, bi->size -= 8)
C(c_size_zero, bi->size = 0)
C(c_hv_misaligned, bi->hv_phys += 0x1000)
C(c_hv_size_zero, bi->hv_size = 0)
C(c_hv_size_odd, bi->hv_size = MiB(3))
C(c_hv_in_usable, bi->hv_phys = LOADER_END)
C(c_hv_straddles, bi->hv_phys = LOADER_END - MiB(2))
C(c_hv_wraps, bi->hv_phys = 0xffffffffffe00000ULL; bi->hv_size = MiB(4))
C(c_nmem_zero, bi->nmem = 0)
C(c_nmem_big, bi->nmem = BI_MAX_MEM + 1)
C(c_mem_unsorted, struct bi_mem t = bi->mem[1]; bi->mem[1] = bi->mem[2]; bi->mem[2] = t)
C(c_mem_overlap, bi->mem[1].pages += 1)
C(c_mem_duplicate, bi->mem[4] = bi->mem[3])
C(c_mem_misaligned, bi->mem[3].base += 0x800)
C(c_mem_empty, bi->mem[3].pages = 0)
C(c_mem_overflow, bi->mem[4].base = 0xfffffffffff00000ULL; bi->mem[4].pages = 0x100)
C(c_mem_type0, bi->mem[2].type = 0)
C(c_mem_type6, bi->mem[4].type = BI_MEM_RESERVED + 1)
C(c_nmods_zero, bi->nmods = 0)
C(c_nmods_big, bi->nmods = BI_MAX_MODS + 1)
C(c_mod_in_usable, bi->mods[1].phys = LOADER_END)
C(c_mod_straddles, bi->mods[3].size += 1)
C(c_mod_below, bi->mods[0].phys = LOADER_BASE - 0x1000; bi->mods[0].size = 0x2000)
C(c_mod_size0, bi->mods[1].size = 0)
C(c_mod_wraps, bi->mods[1].phys = ~0ULL - 0xff; bi->mods[1].size = 0x200)
C(c_mod_name, memset(bi->mods[1].name, 'x', BI_MOD_NAME))
C(c_mod_kind0, bi->mods[1].kind = 0)
C(c_mod_kind_next, bi->mods[1].kind = BI_MOD_LAST + 1)
C(c_key_unnamed, bi->mods[1].kind = BI_MOD_OPERATOR_KEY)
C(c_key_missing, strcpy(bi->cfg.operator_key, "keys/op.pub"))
C(c_initrd_no_vm, bi->mods[1].kind = BI_MOD_INITRD; bi->mods[1].vm = 7)
C(c_initrd_elf_vm, bi->mods[1].kind = BI_MOD_INITRD; bi->mods[1].vm = 0)
C(c_vm_initrd, memset(bi->cfg.vms[0].initrd, 'i', CFG_PATH_MAX))
C(c_mod_over_hv_end, bi->mods[1].phys = HV_PHYS + MiB(4) - 0x100)
C(c_mod_inside_hv, bi->mods[0].phys = HV_PHYS + MiB(1))
C(c_mod_covers_hv, bi->mods[1].phys = HV_PHYS; bi->mods[1].size = MiB(4) + 0x100)
C(c_mods_overlap, bi->mods[2].phys = MiB(21) + 0x2ff)
C(c_mods_same, bi->mods[3].phys = bi->mods[2].phys)
C(c_guest_missing, bi->nmods--)
C(c_guest_not_guest, bi->mods[3].kind = BI_MOD_POLICY)
C(c_guest_extra, add_mod(bi, BI_MOD_GUEST, MiB(23), 0x1000, 2, "extra"))
C(c_guest_same_vm, bi->mods[3].vm = 0)
C(c_guest_swapped, bi->mods[2].vm = 1; bi->mods[3].vm = 0)
C(c_guest_vm_big, bi->mods[3].vm = 0x80000001u)
/* rtlog_init measures the hypervisor and boot.cfg modules by digest; rmon_init runs the NULL policy without one. */
C(c_no_hv_mod, bi->mods[0].kind = BI_MOD_SEALED)
C(c_two_cfg_mods, add_mod(bi, BI_MOD_CONFIG, MiB(23), 0x300, 0, "boot.cfg"))
C(c_policy_unloaded, snprintf(bi->cfg.policy, sizeof(bi->cfg.policy), "p.pol"))
C(c_policy_unnamed, add_mod(bi, BI_MOD_POLICY, MiB(23), 0x300, 0, "p.pol"))
C(c_nvms_zero, bi->cfg.nvms = 0)
C(c_nvms_big, bi->cfg.nvms = CFG_MAX_VMS + 1)
C(c_nvms_three, add_vm(bi, "charlie", "c.elf"))
C(c_policy, memset(bi->cfg.policy, 'p', CFG_PATH_MAX))
C(c_sealed, memset(bi->cfg.sealed, 's', CFG_PATH_MAX))
/* TPM handover: the log copy must be in loader memory; an unmeasured boot carries no log. */
C(c_tpm_log_unmeasured, bi->tpm_log = MiB(23); bi->tpm_log_size = 0x1000)
C(c_tpm_final_unmeasured, bi->tpm_final = 0x7f000000)
C(c_tpm_state, bi->tpm = 2)
C(c_tpm_no_log, bi->tpm = BI_TPM_MEASURED)
C(c_tpm_log_usable, bi->tpm = BI_TPM_MEASURED; bi->tpm_log = MiB(100); bi->tpm_log_size = 0x1000)
C(c_tpm_log_huge, bi->tpm = BI_TPM_MEASURED; bi->tpm_log = MiB(23); bi->tpm_log_size = BI_MAX_TPM_LOG + 1)
C(c_tpm_log_wraps, bi->tpm = BI_TPM_MEASURED; bi->tpm_log = ~0ULL - 0xfff; bi->tpm_log_size = 0x2000)
C(c_tpm_skip_no_table, bi->tpm = BI_TPM_MEASURED; bi->tpm_log = MiB(23); bi->tpm_log_size = 0x1000;
  bi->tpm_final_skip = 3)
C(c_tpm_skip1_no_table, bi->tpm = BI_TPM_MEASURED; bi->tpm_log = MiB(23); bi->tpm_log_size = 0x1000;
  bi->tpm_final_skip = 1)
C(c_vm_name, memset(bi->cfg.vms[1].name, 'a', CFG_NAME_MAX))
C(c_vm_label, memset(bi->cfg.vms[0].label, 'l', CFG_NAME_MAX))
C(c_vm_image, memset(bi->cfg.vms[0].image, 'i', CFG_PATH_MAX))
C(c_vm_cmdline, memset(bi->cfg.vms[1].cmdline, 'c', CFG_CMDLINE_MAX))
C(c_vm_mem_odd, bi->cfg.vms[1].memory = MiB(3))
C(c_vm_mem_4k, bi->cfg.vms[0].memory = MiB(4) + 0x1000)
C(c_vm_mem_small, bi->cfg.vms[0].memory = 0)
C(c_vm_mem_big, bi->cfg.vms[0].memory = CFG_MAX_MEMORY + MiB(2))
C(c_vcpus0, bi->cfg.vms[0].vcpus = 0)
C(c_vcpus2, bi->cfg.vms[1].vcpus = 2)

static const struct corrupt corrupts[] = {
	{ "magic", c_magic, "bad magic" },
	{ "version 0", c_version0, "unsupported version" },
	{ "next version", c_version_next, "unsupported version" },
	{ "size smaller", c_size_small, "size mismatch" },
	{ "size zero", c_size_zero, "size mismatch" },
	{ "hv_phys misaligned", c_hv_misaligned, "not 2 MiB aligned" },
	{ "hv_size zero", c_hv_size_zero, "not 2 MiB aligned" },
	{ "hv_size not 2M multiple", c_hv_size_odd, "not 2 MiB aligned" },
	{ "hv in usable memory", c_hv_in_usable, "hypervisor outside loader memory" },
	{ "hv straddles loader end", c_hv_straddles, "hypervisor outside loader memory" },
	{ "hv wraps address space", c_hv_wraps, "hypervisor outside loader memory" },
	{ "nmem 0", c_nmem_zero, "memory map count out of range" },
	{ "nmem too big", c_nmem_big, "memory map count out of range" },
	{ "memory map unsorted", c_mem_unsorted, "not sorted or overlapping" },
	{ "memory map overlapping", c_mem_overlap, "not sorted or overlapping" },
	{ "memory map duplicate entry", c_mem_duplicate, "not sorted or overlapping" },
	{ "memory map misaligned", c_mem_misaligned, "misaligned, empty or overflowing" },
	{ "memory map empty entry", c_mem_empty, "misaligned, empty or overflowing" },
	{ "memory map overflowing", c_mem_overflow, "misaligned, empty or overflowing" },
	{ "memory type 0", c_mem_type0, "unknown type" },
	{ "memory type 6", c_mem_type6, "unknown type" },
	{ "nmods 0", c_nmods_zero, "module count out of range" },
	{ "nmods too big", c_nmods_big, "module count out of range" },
	{ "module in usable memory", c_mod_in_usable, "module outside loader memory" },
	{ "module straddles loader end", c_mod_straddles, "module outside loader memory" },
	{ "module starts below loader", c_mod_below, "module outside loader memory" },
	{ "module size 0", c_mod_size0, "module outside loader memory" },
	{ "module wraps address space", c_mod_wraps, "module outside loader memory" },
	{ "module name not terminated", c_mod_name, "module name not terminated" },
	{ "module kind 0", c_mod_kind0, "unknown kind" },
	{ "module kind after the last", c_mod_kind_next, "unknown kind" },
	{ "operator key module boot.cfg does not name", c_key_unnamed, "not one hypervisor" },
	{ "operator key named without its module", c_key_missing, "key modules" },
	{ "initrd module for no VM", c_initrd_no_vm, "initrd module for a VM without one" },
	{ "initrd module for a VM without initrd", c_initrd_elf_vm, "initrd module for a VM without one" },
	{ "VM initrd not terminated", c_vm_initrd, "VM string not terminated" },
	{ "module overlaps hypervisor end", c_mod_over_hv_end, "overlap each other or the hypervisor" },
	{ "module inside hypervisor", c_mod_inside_hv, "overlap each other or the hypervisor" },
	{ "module covers hypervisor", c_mod_covers_hv, "overlap each other or the hypervisor" },
	{ "modules overlap by one byte", c_mods_overlap, "overlap each other or the hypervisor" },
	{ "modules at the same address", c_mods_same, "overlap each other or the hypervisor" },
	{ "guest module missing", c_guest_missing, "not one guest module per VM" },
	{ "guest module of wrong kind", c_guest_not_guest, "not one guest module per VM" },
	{ "no hypervisor module", c_no_hv_mod, "not one hypervisor and one boot.cfg module" },
	{ "two boot.cfg modules", c_two_cfg_mods, "not one hypervisor and one boot.cfg module" },
	{ "policy named, not loaded", c_policy_unloaded, "policy module does not match" },
	{ "policy loaded, not named", c_policy_unnamed, "policy module does not match" },
	{ "guest module for no VM", c_guest_extra, "does not match the VM list" },
	{ "guest modules same vm", c_guest_same_vm, "does not match the VM list" },
	{ "guest modules swapped", c_guest_swapped, "does not match the VM list" },
	{ "guest module vm huge", c_guest_vm_big, "does not match the VM list" },
	{ "nvms 0", c_nvms_zero, "VM count out of range" },
	{ "nvms too big", c_nvms_big, "VM count out of range" },
	{ "more VMs than guest modules", c_nvms_three, "not one guest module per VM" },
	{ "policy not terminated", c_policy, "policy path not terminated" },
	{ "sealed path not terminated", c_sealed, "sealed-secret path not terminated" },
	{ "TPM log on an unmeasured boot", c_tpm_log_unmeasured, "TPM log given for an unmeasured boot" },
	{ "final events on an unmeasured boot", c_tpm_final_unmeasured, "TPM log given for an unmeasured boot" },
	{ "unknown TPM state", c_tpm_state, "unknown TPM state" },
	{ "measured without a log", c_tpm_no_log, "TPM event log outside loader memory or too large" },
	{ "TPM log in usable memory", c_tpm_log_usable, "TPM event log outside loader memory or too large" },
	{ "TPM log too large", c_tpm_log_huge, "TPM event log outside loader memory or too large" },
	{ "TPM log wraps", c_tpm_log_wraps, "TPM event log outside loader memory or too large" },
	{ "final-events skip without a table", c_tpm_skip_no_table, "final-events count without a table" },
	{ "final-events skip 1 without a table", c_tpm_skip1_no_table, "final-events count without a table" },
	{ "VM name not terminated", c_vm_name, "VM string not terminated" },
	{ "VM label not terminated", c_vm_label, "VM string not terminated" },
	{ "VM image not terminated", c_vm_image, "VM string not terminated" },
	{ "VM cmdline not terminated", c_vm_cmdline, "VM string not terminated" },
	{ "VM memory 3M", c_vm_mem_odd, "VM memory or vCPU count" },
	{ "VM memory 4M+4K", c_vm_mem_4k, "VM memory or vCPU count" },
	{ "VM memory 0", c_vm_mem_small, "VM memory or vCPU count" },
	{ "VM memory above max", c_vm_mem_big, "VM memory or vCPU count" },
	{ "vcpus 0", c_vcpus0, "VM memory or vCPU count" },
	{ "vcpus 2", c_vcpus2, "VM memory or vCPU count" },
};

static void run_corrupt(void **state)
{
	const struct corrupt *c = *state;
	struct bootinfo *bi = make_valid();
	c->apply(bi);
	assert_contains(bootinfo_check(bi), c->msg);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_valid_limits),
		cmocka_unit_test(test_valid_measured),
	};
	static struct unit_group g;
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(corrupts); i++)
		unit_add(&g, corrupts[i].name, run_corrupt, (void *)&corrupts[i]);
	int failed = unit_run("bootinfo", &g);
	free(cur);
	return failed;
}
