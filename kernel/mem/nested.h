/* cordon core: nested page tables (AMD NPT, Intel EPT) built from a VM's guest-physical map. */
#ifndef CORDON_KERNEL_NESTED_H
#define CORDON_KERNEL_NESTED_H
#include <cordon/types.h>
#include <kernel/mem/gpmap.h>

struct vm;
struct pt_ops;

/*
 * What differs between NPT and EPT: the leaf bits and the flush. Both have the long-mode shape
 * lib/x86/pt.c builds, which sets bit 0 on every entry (NPT P, EPT R), bits 0-2 on every non-leaf
 * entry (P|W|U, R|W|X: the leaf alone decides) and bit 7 on a large leaf (PS in both, APM vol. 2,
 * 15.25.5; SDM vol. 3, 28.3.2). A backend whose bits sit elsewhere cannot use this walker; each
 * checks its bits against those at compile time.
 */
struct nested_format {
	u64 leaf;  /* on every leaf besides bit 0: NPT's U (nested walks are user accesses), EPT's memory type */
	u64 write; /* the leaf bit GP_W sets */
	u64 exec;  /* the leaf bit GP_X sets; 0 if the format does not restrict fetches */
	/*
	 * Drops every translation the CPU may cache from this VM's nested tables: after a page was
	 * unmapped, and after the tables were built (the root page or the tag may have served an
	 * earlier VM). Never called by the unit-tested builder.
	 */
	void (*flush)(struct vm *vm);
};

/* Tags (ASIDs, VPIDs) are 1 .. NESTED_MAX_TAGS - 1; 0 is the host's. */
#define NESTED_MAX_TAGS 64

/* Leaf bits for a range the map grants perm (GP_*); the caller leaves out ranges without GP_R. */
u64 nested_leaf(const struct nested_format *f, u32 perm);
/* Maps every readable range of map under root (4 KiB leaves); -1 on allocation failure or a clash. */
int nested_build(const struct nested_format *f, const struct pt_ops *o, u64 root, const struct gpmap *map);

/*
 * The backend's vm_init: a tag below tag_limit (the CPU's count, capped at NESTED_MAX_TAGS) and
 * tables from vm->map, in pages of pmm_pt_ops(). On failure vm->nested_root may be set: the
 * caller then runs nested_vm_destroy, which frees whatever was built.
 */
int nested_vm_init(const struct nested_format *f, struct vm *vm, u32 tag_limit);
void nested_vm_destroy(struct vm *vm);
/* One 4 KiB page (grants): mapped executable where the format can say so, as every grant is. */
int nested_map_page(const struct nested_format *f, struct vm *vm, u64 gpa, u64 hpa, u32 perm);
/* Unmaps one 4 KiB page and flushes, so no stale translation of it survives the next entry. */
void nested_unmap_page(const struct nested_format *f, struct vm *vm, u64 gpa);

#endif
