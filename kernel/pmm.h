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

/* The hypervisor's global allocator; pages from it are reachable at virt == phys. */
void pmm_global_init(const struct bootinfo *bi);
u64 pmm_alloc(u64 bytes, u64 align);	   /* zeroed */
u64 pmm_alloc_filled(u64 bytes, u8 fill); /* page aligned, every byte = fill (intercept bitmaps) */
/* Lowest free tag in [1, limit) marked used in used[]; 0 if none (ASIDs, VPIDs; tag 0 is the host's). */
u32 tag_alloc(bool *used, u32 limit);
void pmm_free(u64 base, u64 bytes);	   /* panics on a double free */
u64 pmm_free_bytes(void);
struct pt_ops;
const struct pt_ops *pmm_pt_ops(void); /* page-table pages from the global allocator */

#endif
