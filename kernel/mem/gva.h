/* cordon core: reading guest memory by guest-virtual address (instruction fetch for exits and MMIO emulation). */
#ifndef CORDON_KERNEL_GVA_H
#define CORDON_KERNEL_GVA_H
#include <cordon/types.h>
#include <kernel/mem/gpmap.h>

struct vm;

/*
 * Copies up to len bytes at guest-virtual va, walking the guest's 4-level
 * page tables from cr3 (AMD APM vol. 2, 5.3; Intel SDM vol. 3A, 4.5). With
 * paging off, va is physical. Returns the bytes copied: fewer when a page
 * is not present or lies outside the VM's memory.
 */
/*@ requires \valid((u8 *)out + (0 .. len - 1));
    assigns ((u8 *)out)[0 .. len - 1]; */
u32 gva_read(struct vm *vm, u64 cr3, bool paging, u64 va, void *out, u32 len);

/*
 * The last guest-virtual page one vCPU fetched an instruction from, and how
 * the walk found it: where each entry it read lives in cordon's mapping of
 * the guest's memory and what it held. The walk is a function of CR3 and
 * those values, so a hit (same CR3, paging mode and page, the VM's map
 * unchanged, every entry still as it was) is the translation a new walk
 * would give, at the cost of four compares. A zeroed one is empty.
 */
struct gva_tlb {
	const u64 *entry[4]; /* PML4E .. PTE; a level a large page or paging off skips points at value[] */
	u64 value[4];
	u64 cr3, vpage; /* vpage: va >> 12 */
	u64 map_gen;	/* vm->map.gen at the walk: the map's frames and permissions as they were */
	const u8 *page; /* where the page is in cordon's mapping; NULL: empty */
	bool paging;
	u32 walks; /* misses (diagnostics and tests) */
};

/* The miss of gva_fetch: walks, refills t, and returns where the page is (NULL: no readable page). */
const u8 *gva_fetch_walk(const struct gpmap *map, struct gva_tlb *t, u64 cr3, bool paging, u64 vpage);

/*
 * Where the len guest bytes at va are in cordon's mapping, if they lie in
 * one readable page of the map; NULL otherwise. Uses and refills t. Inline:
 * a hit runs on every decoded exit and makes no call. A level the walk did
 * not read compares its value with itself.
 */
static inline const void *gva_fetch(const struct gpmap *map, struct gva_tlb *t, u64 cr3, bool paging, u64 va, u32 len)
{
	u64 off = va & (PAGE_SIZE - 1), vpage = va >> 12;
	const u8 *page;
	if (!len || off + len > PAGE_SIZE)
		return NULL;
	if (t->page && t->vpage == vpage && t->cr3 == cr3 && t->paging == paging && t->map_gen == map->gen &&
	    *t->entry[0] == t->value[0] && *t->entry[1] == t->value[1] && *t->entry[2] == t->value[2] &&
	    *t->entry[3] == t->value[3])
		page = t->page;
	else
		page = gva_fetch_walk(map, t, cr3, paging, vpage);
	return page ? page + off : NULL;
}

#endif
