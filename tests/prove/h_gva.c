/* cordon: make prove harness: guest-virtual reads and the fetch walk, any CR3, address and length, page tables of unknown bytes. */
/* sources: kernel/mem/gva.c kernel/mem/gpmap.c lib/str.c */
/* reaches: gva_read translate gva_fetch gva_fetch_walk gpmap_access */
#include <kernel/vm.h>
#include <tests/prove/prove.h>

/*
 * A VM's memory as the map holds it: whole-page ranges (gpmap_add refuses any
 * other) in cordon's own memory, every byte unknown, so every guest page-table
 * entry is any value. Five ranges of one to four pages, each at any
 * page-aligned guest-physical address whose range does not wrap (gpmap_add
 * refuses the rest), with any permission bits, any number of them in use.
 * They may overlap, which gpmap_add refuses: a superset of the maps it builds.
 */
#define OUT_MAX 0xffffffffULL /* any u32 length (callers read an instruction, 16 bytes), into a buffer that large */

static u64 r0[4 * 512], r1[512], r2[2 * 512], r3[512], r4[512];
static struct vm vm;
static struct gva_tlb tlb;
static u8 out[OUT_MAX];

static void range(u32 i, u64 *mem, u64 bytes)
{
	prove_bytes(mem, bytes);
	vm.map.r[i] = (struct gpmap_range){ prove_u64(0, (~0ULL - bytes) / PAGE_SIZE) * PAGE_SIZE, bytes, (u64)(uptr)mem,
					    (u32)prove_u64(0, 0xffffffffULL) };
}

int main(void)
{
	range(0, r0, sizeof(r0));
	range(1, r1, sizeof(r1));
	range(2, r2, sizeof(r2));
	range(3, r3, sizeof(r3));
	range(4, r4, sizeof(r4));
	vm.map.n = (u32)prove_u64(0, 5);
	vm.map.gen = prove_u64(0, ~0ULL);

	u64 cr3 = prove_u64(0, ~0ULL), va = prove_u64(0, ~0ULL);
	bool paging = prove_int(0, 1);
	gva_read(&vm, cr3, paging, va, out, (u32)prove_u64(0, OUT_MAX));

	/* A miss walks and fills the cache; the second fetch may hit it, the map or an entry may have changed. */
	gva_fetch(&vm.map, &tlb, cr3, paging, va, (u32)prove_u64(0, ~0U));
	if (prove_int(0, 1))
		vm.map.gen++;
	if (prove_int(0, 1))
		prove_bytes(r0, sizeof(r0));
	gva_fetch(&vm.map, &tlb, prove_u64(0, ~0ULL), prove_int(0, 1), prove_u64(0, ~0ULL), (u32)prove_u64(0, ~0U));
	gva_fetch_walk(&vm.map, &tlb, prove_u64(0, ~0ULL), prove_int(0, 1), prove_u64(0, ~0ULL));
	return 0;
}
