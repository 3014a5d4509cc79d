/* cordon core: guest page-table walk (4-level, 4 KiB/2 MiB/1 GiB pages) for reading guest-virtual memory. */
#include <kernel/mem/gva.h>
#include <kernel/vm.h>

#define PTE_P 1ULL
#define PTE_PS (1ULL << 7)
#define ADDR_MASK 0x000ffffffffff000ULL

/*
 * Guest-physical address of va, or ~0 when unmapped. With t, records where
 * each entry was read and its value (levels a large page skips stay as they were).
 */
static u64 translate(const struct gpmap *map, u64 cr3, u64 va, struct gva_tlb *t)
{
	u64 table = cr3 & ADDR_MASK;
	for (int level = 3; level >= 0; level--) {
		u32 shift = 12 + 9 * (u32)level;
		u64 *e = gpmap_access(map, table + ((va >> shift) & 511) * 8, 8, GP_R);
		if (!e || !(*e & PTE_P))
			return ~0ULL;
		if (t) {
			t->entry[3 - level] = e;
			t->value[3 - level] = *e;
		}
		if (level == 0 || (level <= 2 && (*e & PTE_PS))) {
			u64 page = (*e & ADDR_MASK) & ~((1ULL << shift) - 1);
			return page | (va & ((1ULL << shift) - 1));
		}
		table = *e & ADDR_MASK;
	}
	return ~0ULL;
}

/*
 * Page by page: the map's ranges are whole pages (gpmap_add), so the page
 * holding gpa is readable exactly when the part of it the read wants is. Each
 * byte's index is bounded on its own (o by the page, done by len), which is
 * what lets the analysis (tests/prove/h_gva.c) prove every access in bounds.
 */
u32 gva_read(struct vm *vm, u64 cr3, bool paging, u64 va, void *out, u32 len)
{
	u8 *dst = out;
	u32 done = 0;
	while (done < len) {
		u64 a = va + done, gpa = paging ? translate(&vm->map, cr3, a, NULL) : a;
		const u8 *page;
		if (gpa == ~0ULL || !(page = gpmap_access(&vm->map, gpa & ~(PAGE_SIZE - 1), PAGE_SIZE, GP_R)))
			break;
		for (u64 o = gpa & (PAGE_SIZE - 1); o < PAGE_SIZE && done < len; o++)
			dst[done++] = page[o];
	}
	return done;
}

const u8 *gva_fetch_walk(const struct gpmap *map, struct gva_tlb *t, u64 cr3, bool paging, u64 vpage)
{
	u64 gpa;
	t->walks++;
	t->page = NULL;
	for (int i = 0; i < 4; i++)
		t->entry[i] = &t->value[i];
	gpa = paging ? translate(map, cr3, vpage << 12, t) : vpage << 12;
	if (gpa == ~0ULL || !(t->page = gpmap_access(map, gpa & ~(PAGE_SIZE - 1), PAGE_SIZE, GP_R)))
		return NULL;
	t->cr3 = cr3;
	t->vpage = vpage;
	t->paging = paging;
	t->map_gen = map->gen;
	return t->page;
}
