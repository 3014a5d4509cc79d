/* cordon core: physical memory allocator over the usable ranges of the boot memory map. */
#ifndef CORDON_KERNEL_PMM_H
#define CORDON_KERNEL_PMM_H
#include <cordon/types.h>
#include <cordon/bootinfo.h>

#define PMM_MAX_RANGES 256

struct pmm_range {
	u64 base, end; /* [base, end), page aligned */
};

/* The allocator state is a value so unit tests can run several side by side. */
struct pmm {
	u32 n;
	struct pmm_range r[PMM_MAX_RANGES]; /* free ranges, sorted, never adjacent */
	u64 free_bytes;
};

/*
 * Builds the free list from BI_MEM_USABLE ranges only (never loader,
 * runtime-services, ACPI or reserved memory), skipping the first MiB
 * (real-mode leftovers and firmware scratch).
 */
void pmm_init(struct pmm *p, const struct bi_mem *mem, u32 n);
/* First fit; align is a power of two >= 4 KiB. Returns 0 when nothing fits. Memory is not cleared. */
u64 pmm_alloc_in(struct pmm *p, u64 bytes, u64 align);
/* Returns a range; returns -1 (and changes nothing) if it overlaps free memory. */
int pmm_free_in(struct pmm *p, u64 base, u64 bytes);

/* Zeroes whole 8-byte words (rep stosq); bytes is a multiple of 8. */
void pmm_zero(void *p, u64 bytes);

/*
 * The same structure also serves as the set of free memory known to be zero
 * (scrubbed since it was last used), so an allocation clears only the rest.
 * pmm_remove_in takes a range out of such a set wherever it overlaps and
 * cannot fail: when a split finds the table full it forgets the right-hand
 * part, which only makes memory count as not known zero.
 */
void pmm_remove_in(struct pmm *p, u64 base, u64 bytes);
/* Zeroes the page-aligned [base, base + bytes) except what the set `clean` covers. */
void pmm_zero_unclean(const struct pmm *clean, u64 base, u64 bytes);

/*
 * Memory waiting to be scrubbed before it returns to an allocator: a VM's
 * RAM after it ended. scrub_run() zeroes the oldest job first, at most max
 * bytes per call, and only a job wholly zeroed is freed into the allocator,
 * then its finished(ctx) runs. A value, like struct pmm, for unit tests.
 */
#define SCRUB_MAX_JOBS 32

struct scrub_job {
	u64 base, size, done;
	void (*finished)(void *ctx);
	void *ctx;
};

struct scrub_queue {
	u32 n;
	u32 bad_frees; /* a finished job the allocator refused (overlapping free memory) */
	struct scrub_job j[SCRUB_MAX_JOBS]; /* oldest first */
};

/* Queues [base, base + bytes) (page aligned); -1 if the queue is full (the caller scrubs it itself). */
int scrub_add(struct scrub_queue *q, u64 base, u64 bytes, void (*finished)(void *ctx), void *ctx);
/* Zeroes up to max bytes; returns the bytes zeroed. A finished job also joins the set clean (if not NULL). */
u64 scrub_run(struct scrub_queue *q, struct pmm *p, struct pmm *clean, u64 max);

/* The hypervisor's global allocator; pages from it are reachable at virt == phys. */
void pmm_global_init(const struct bootinfo *bi);
u64 pmm_alloc(u64 bytes, u64 align);	   /* zeroed */
u64 pmm_alloc_filled(u64 bytes, u8 fill); /* page aligned, every byte = fill (intercept bitmaps) */
void pmm_free(u64 base, u64 bytes);	   /* panics on a double free */
/* Scrubs [base, +bytes) in the background and then frees it; finished(ctx) runs after the free. */
void pmm_free_scrubbed(u64 base, u64 bytes, void (*finished)(void *ctx), void *ctx);
/*
 * Scheduler hook, once per pass: scrubs for about PMM_SCRUB_BUDGET_US of TSC
 * time, or until done when all is true (no VM is left to run). Returns
 * whether there was scrubbing to do: the scheduler then makes another pass
 * (a finished scrub may have started a VM the Chinese Wall held back).
 */
#define PMM_SCRUB_BUDGET_US 2000
bool pmm_scrub_step(bool all);
bool pmm_scrub_busy(void);
u64 pmm_free_bytes(void);
struct pt_ops;
const struct pt_ops *pmm_pt_ops(void); /* page-table pages from the global allocator */

#endif
