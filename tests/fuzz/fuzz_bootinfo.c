/* cordon fuzz target: boot-info validation (lib/boot/bootinfo.c) on arbitrary bytes. */
/* sources: lib/boot/bootinfo.c lib/str.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cordon/bootinfo.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                   \
	do {                                                                       \
		if (!(c)) {                                                        \
			fprintf(stderr, "fuzz_bootinfo: check failed: %s\n", #c);   \
			abort();                                                   \
		}                                                                  \
	} while (0)

/* Independent re-statement of "inside one loader range", for accepted inputs only. */
static int in_loader(const struct bootinfo *bi, u64 base, u64 size)
{
	for (u32 i = 0; i < bi->nmem; i++) {
		const struct bi_mem *m = &bi->mem[i];
		u64 end = m->base + m->pages * PAGE_SIZE;
		if (m->type == BI_MEM_LOADER && base >= m->base && size <= end - base && base < end)
			return 1;
	}
	return 0;
}

static int overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* Modules are disjoint from each other and from the loaded hypervisor. */
static void check_disjoint(const struct bootinfo *bi)
{
	for (u32 i = 0; i < bi->nmods; i++) {
		const struct bi_module *m = &bi->mods[i];
		CHECK(!overlap(m->phys, m->size, bi->hv_phys, bi->hv_size));
		for (u32 j = 0; j < i; j++)
			CHECK(!overlap(m->phys, m->size, bi->mods[j].phys, bi->mods[j].size));
	}
}

static void check_accepted(const struct bootinfo *bi)
{
	u32 guests = 0;
	CHECK(bi->nmem >= 1 && bi->nmem <= BI_MAX_MEM);
	CHECK(bi->nmods >= 1 && bi->nmods <= BI_MAX_MODS);
	CHECK(bi->cfg.nvms >= 1 && bi->cfg.nvms <= CFG_MAX_VMS);
	CHECK(in_loader(bi, bi->hv_phys, bi->hv_size));
	for (u32 i = 1; i < bi->nmem; i++)
		CHECK(bi->mem[i].base >= bi->mem[i - 1].base + bi->mem[i - 1].pages * PAGE_SIZE);
	for (u32 i = 0; i < bi->nmods; i++) {
		const struct bi_module *m = &bi->mods[i];
		CHECK(memchr(m->name, 0, sizeof(m->name)) != NULL);
		CHECK(m->size > 0 && in_loader(bi, m->phys, m->size));
		if (m->kind == BI_MOD_GUEST)
			CHECK(m->vm == guests++);
	}
	CHECK(guests == bi->cfg.nvms);
	/* kernel/trust/rtlog.c dereferences these two; kernel/rmon.c runs the NULL policy without the third */
	CHECK(bootinfo_module(bi, BI_MOD_HYPERVISOR) && bootinfo_module(bi, BI_MOD_CONFIG));
	CHECK(!bootinfo_module(bi, BI_MOD_POLICY) == !bi->cfg.policy[0]);
	check_disjoint(bi);
	for (u32 i = 0; i < bi->cfg.nvms; i++) {
		const struct cfg_vm *v = &bi->cfg.vms[i];
		CHECK(memchr(v->name, 0, sizeof(v->name)) && memchr(v->cmdline, 0, sizeof(v->cmdline)));
		CHECK(v->memory % MiB(2) == 0 && v->vcpus == 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	CHECK(bi != NULL);
	memcpy(bi, data, size < sizeof(*bi) ? size : sizeof(*bi));
	if (!bootinfo_check(bi))
		check_accepted(bi);
	free(bi);
	return 0;
}
