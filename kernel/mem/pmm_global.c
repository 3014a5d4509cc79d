/* cordon core: the hypervisor's single physical allocator instance and its page-table adapter. */
#include <kernel/mem/pmm.h>
#include <kernel/console.h>
#include <lib/x86/pt.h>
#include <lib/str.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>

static struct pmm global;
static struct pmm clean; /* free memory known to be zero: what the scrubber returned, until allocated */
static struct scrub_queue scrubs;

/* Pieces small enough that the TSC budget is overrun by little (~0.1 ms at 2 GB/s). */
#define SCRUB_PIECE (256 * 1024ULL)

void pmm_global_init(const struct bootinfo *bi)
{
	pmm_init(&global, bi->mem, bi->nmem);
	kprintf("cordon: %llu MiB free for VMs and the hypervisor\n", global.free_bytes >> 20);
}

u64 pmm_alloc(u64 bytes, u64 align)
{
	u64 pa = pmm_alloc_in(&global, bytes, align);
	if (pa) { /* memory scrubbed since its last use needs no second pass: a VM's start stays short */
		pmm_zero_unclean(&clean, pa, ALIGN_UP(bytes, PAGE_SIZE));
		pmm_remove_in(&clean, pa, ALIGN_UP(bytes, PAGE_SIZE));
	}
	return pa;
}

u64 pmm_alloc_filled(u64 bytes, u8 fill)
{
	u64 pa = pmm_alloc(bytes, PAGE_SIZE);
	if (pa)
		c_memset((void *)pa, fill, bytes);
	return pa;
}

void pmm_free(u64 base, u64 bytes)
{
	if (pmm_free_in(&global, base, bytes) < 0)
		panic("pmm: bad free of [0x%llx, +0x%llx)", base, bytes);
}

void pmm_free_scrubbed(u64 base, u64 bytes, void (*finished)(void *ctx), void *ctx)
{
	bytes = ALIGN_UP(bytes, PAGE_SIZE);
	if (scrub_add(&scrubs, base, bytes, finished, ctx) == 0)
		return;
	pmm_zero((void *)base, bytes); /* no room in the queue: scrub now, as before */
	pmm_free(base, bytes);
	if (finished)
		finished(ctx);
}

bool pmm_scrub_step(bool all)
{
	u64 t0 = rdtsc(), budget = PMM_SCRUB_BUDGET_US * tsc_khz() / 1000;
	bool had_work = scrubs.n != 0;
	while (scrubs.n && (all || rdtsc() - t0 < budget))
		scrub_run(&scrubs, &global, &clean, SCRUB_PIECE);
	if (scrubs.bad_frees)
		panic("pmm: a scrubbed range overlapped free memory");
	return had_work;
}

bool pmm_scrub_busy(void)
{
	return scrubs.n != 0;
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
