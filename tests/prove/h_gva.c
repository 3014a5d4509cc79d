/* cordon: make prove harness: guest-virtual reads and the fetch walk, any CR3, address and length, page tables of unknown bytes. */
/* sources: kernel/mem/gva.c kernel/mem/gpmap.c lib/str.c */
/* reaches: gva_read translate gva_fetch gva_fetch_walk gpmap_access */
#include <kernel/vm.h>
#include <tests/prove/prove.h>

/*
 * A VM's memory as the map holds it: whole-page ranges (gpmap_add refuses any
 * other) in cordon's own memory, every byte unknown, so every guest page-table
 * entry is any value. The ranges sit where they test the walk's bounds: at
 * guest-physical 0, two adjacent ranges (a read may run from one into the
 * next), the highest page an entry's address field can name, and the last
 * page below the top of the address space (paging off, a read may wrap). Each
 * range has any permission bits.
 */
#define OUT_MAX 0xffffffffULL /* any u32 length (callers read an instruction, 16 bytes), into a buffer that large */

static u64 low[4 * 512], mid_a[512], mid_b[2 * 512], pt_top[512], as_top[512];
static struct vm vm;
static struct gva_tlb tlb;
static u8 out[OUT_MAX];

static void range(u32 i, u64 gpa, u64 *mem, u64 bytes)
{
	prove_bytes(mem, bytes);
	vm.map.r[i] = (struct gpmap_range){ gpa, bytes, (u64)(uptr)mem, (u32)prove_u64(0, 0xffffffffULL) };
}

int main(void)
{
	range(0, 0, low, sizeof(low));
	range(1, 0x200000, mid_a, sizeof(mid_a));
	range(2, 0x201000, mid_b, sizeof(mid_b));
	range(3, 0x000ffffffffff000ULL, pt_top, sizeof(pt_top));
	range(4, 0xffffffffffffe000ULL, as_top, sizeof(as_top));
	vm.map.n = 5;
	vm.map.gen = prove_u64(0, ~0ULL);

	u64 cr3 = prove_u64(0, ~0ULL), va = prove_u64(0, ~0ULL);
	bool paging = prove_int(0, 1);
	gva_read(&vm, cr3, paging, va, out, (u32)prove_u64(0, OUT_MAX));

	/* A miss walks and fills the cache; the second fetch may hit it, the map or an entry may have changed. */
	gva_fetch(&vm.map, &tlb, cr3, paging, va, (u32)prove_u64(0, ~0U));
	if (prove_int(0, 1))
		vm.map.gen++;
	if (prove_int(0, 1))
		prove_bytes(low, sizeof(low));
	gva_fetch(&vm.map, &tlb, prove_u64(0, ~0ULL), prove_int(0, 1), prove_u64(0, ~0ULL), (u32)prove_u64(0, ~0U));
	gva_fetch_walk(&vm.map, &tlb, prove_u64(0, ~0ULL), prove_int(0, 1), prove_u64(0, ~0ULL));
	return 0;
}
