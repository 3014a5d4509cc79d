/* cordon: make prove harness: the guest-physical map, built by any sequence of adds and removes, then any lookup. */
/* sources: kernel/mem/gpmap.c lib/str.c */
/* reaches: gpmap_add gpmap_remove gpmap_find gpmap_access */
#include <kernel/mem/gpmap.h>
#include <tests/prove/prove.h>

/*
 * Every map the hypervisor can build: up to twice the capacity of adds with any
 * range (the adds past a full map fail, as they must), each followed or not by
 * a remove of any address, so every count from empty to full is reached with
 * ranges of any value gpmap_add accepts. Then any address, length and
 * permission is looked up. The loop is unrolled so the count is never widened
 * past the capacity (Eva would widen it to 2^31 and then no check could bound it).
 */
static struct gpmap map;

static u32 any_perm(void)
{
	return (u32)prove_u64(0, 0xffffffffULL);
}

int main(void)
{
	/*@ loop unroll 2 * GPMAP_MAX; */
	for (int i = 0; i < 2 * GPMAP_MAX; i++) {
		gpmap_add(&map, prove_u64(0, ~0ULL), prove_u64(0, ~0ULL), prove_u64(0, ~0ULL), any_perm());
		if (prove_int(0, 1))
			gpmap_remove(&map, prove_u64(0, ~0ULL));
	}
	u64 gpa = prove_u64(0, ~0ULL), len = prove_u64(0, ~0ULL);
	gpmap_find(&map, gpa);
	gpmap_access(&map, gpa, len, any_perm());
	return 0;
}
