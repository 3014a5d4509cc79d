/* cordon: 4-level x86_64 page-table builder for host tables, guest tables and NPT/EPT-shaped maps. */
#ifndef CORDON_LIB_PT_H
#define CORDON_LIB_PT_H
#include <cordon/types.h>

/* Entry bits, see AMD APM vol. 2, 5.3.3 (long-mode page translation) and 15.25.5 (NPT). */
#define PTE_P (1ULL << 0)
#define PTE_W (1ULL << 1)
#define PTE_U (1ULL << 2)
#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)
#define PTE_PS (1ULL << 7) /* large page in a PDPTE (1 GiB) or PDE (2 MiB) */
#define PTE_G (1ULL << 8)
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

/* Where table pages come from: the loader, the hypervisor and the unit tests differ. */
struct pt_ops {
	void *ctx;
	u64 (*alloc)(void *ctx);	  /* physical address of a zeroed page, 0 if none */
	void *(*virt)(void *ctx, u64 pa); /* pointer through which a table page is written */
	void (*free)(void *ctx, u64 pa);
};

/*
 * Maps [va, va+size) to [pa, pa+size) with leaf flags, using pages of
 * page_size (4 KiB, 2 MiB or 1 GiB); all three must be multiples of it.
 * Non-leaf entries get P|W|U so the leaf alone decides. Returns 0, or -1
 * on misalignment, allocation failure or a clash with an existing mapping.
 */
int pt_map(const struct pt_ops *o, u64 root, u64 va, u64 pa, u64 size, u64 flags, u64 page_size);

/* Translates va; returns 0 and the physical address and leaf flags, or -1. */
int pt_lookup(const struct pt_ops *o, u64 root, u64 va, u64 *pa, u64 *flags);

/* Removes the 4 KiB mapping of va; returns 0, or -1 if va is not mapped by a 4 KiB leaf. */
int pt_unmap(const struct pt_ops *o, u64 root, u64 va);

/* Frees every table page under root and root itself (never the mapped frames). */
void pt_destroy(const struct pt_ops *o, u64 root);

#endif
