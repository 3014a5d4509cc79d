/* cordon core: the hypervisor's single physical allocator instance and its page-table adapter. */
#include "pmm.h"
#include "console.h"
#include "pt.h"
#include "str.h"

static struct pmm global;

void pmm_global_init(const struct bootinfo *bi)
{
	pmm_init(&global, bi->mem, bi->nmem);
	kprintf("cordon: %llu MiB free for VMs and the hypervisor\n", global.free_bytes >> 20);
}

u64 pmm_alloc(u64 bytes, u64 align)
{
	u64 pa = pmm_alloc_in(&global, bytes, align);
	if (pa)
		c_memset((void *)pa, 0, ALIGN_UP(bytes, PAGE_SIZE));
	return pa;
}

u64 pmm_alloc_filled(u64 bytes, u8 fill)
{
	u64 pa = pmm_alloc(bytes, PAGE_SIZE);
	if (pa)
		c_memset((void *)pa, fill, bytes);
	return pa;
}

u32 tag_alloc(bool *used, u32 limit)
{
	for (u32 t = 1; t < limit; t++)
		if (!used[t]) {
			used[t] = true;
			return t;
		}
	return 0;
}

void pmm_free(u64 base, u64 bytes)
{
	if (pmm_free_in(&global, base, bytes) < 0)
		panic("pmm: bad free of [0x%llx, +0x%llx)", base, bytes);
}

u64 pmm_free_bytes(void)
{
	return global.free_bytes;
}

static u64 pt_alloc(void *ctx)
{
	(void)ctx;
	return pmm_alloc(PAGE_SIZE, PAGE_SIZE);
}

static void *pt_virt(void *ctx, u64 pa)
{
	(void)ctx;
	return (void *)pa;
}

static void pt_free(void *ctx, u64 pa)
{
	(void)ctx;
	pmm_free(pa, PAGE_SIZE);
}

static const struct pt_ops ops = { NULL, pt_alloc, pt_virt, pt_free };

const struct pt_ops *pmm_pt_ops(void)
{
	return &ops;
}
