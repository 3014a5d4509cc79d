/* cordon: make prove stand-in for the page allocator (kernel/mem/pmm_global.c): a zeroed page from a pool, or none. */
#include <kernel/mem/pmm.h>
#include <tests/prove/prove.h>

#define POOL 8
static u64 pool[POOL][512];

/* Any page of the pool, or 0 (out of memory): the callers here only store and free the address. */
u64 pmm_alloc(u64 bytes, u64 align)
{
	(void)bytes, (void)align;
	return prove_int(0, 1) ? (u64)(uptr)pool[prove_int(0, POOL - 1)] : 0;
}

void pmm_free(u64 base, u64 bytes)
{
	(void)base, (void)bytes;
}
