/* cordon: 4-level x86_64 page-table builder (see AMD APM vol. 2, 5.3). */
#include <lib/x86/pt.h>

#define LEVELS 4

static u32 index_at(u64 va, int level) /* level 3 = PML4 ... 0 = PT */
{
	return (u32)(va >> (12 + 9 * level)) & 511;
}

static int leaf_level(u64 page_size)
{
	if (page_size == PAGE_SIZE)
		return 0;
	if (page_size == MiB(2))
		return 1;
	if (page_size == GiB(1))
		return 2;
	return -1;
}

/* Returns the table one level down from entry *e, allocating it if absent. */
static u64 *next_table(const struct pt_ops *o, u64 *e)
{
	if (!(*e & PTE_P)) {
		u64 pa = o->alloc(o->ctx);
		if (!pa)
			return NULL;
		*e = pa | PTE_P | PTE_W | PTE_U;
	} else if (*e & PTE_PS) {
		return NULL; /* a large page already covers this range */
	}
	return o->virt(o->ctx, *e & PTE_ADDR);
}

static int map_one(const struct pt_ops *o, u64 root, u64 va, u64 pa, u64 flags, int leaf)
{
	u64 *t = o->virt(o->ctx, root);
	for (int level = LEVELS - 1; level > leaf; level--) {
		t = next_table(o, &t[index_at(va, level)]);
		if (!t)
			return -1;
	}
	u64 *e = &t[index_at(va, leaf)];
	if (*e & PTE_P)
		return -1;
	*e = pa | flags | PTE_P | (leaf ? PTE_PS : 0);
	return 0;
}

int pt_map(const struct pt_ops *o, u64 root, u64 va, u64 pa, u64 size, u64 flags, u64 page_size)
{
	int leaf = leaf_level(page_size);
	if (leaf < 0 || (va | pa | size) & (page_size - 1) || (pa & ~PTE_ADDR) || va + size < va)
		return -1;
	for (u64 off = 0; off < size; off += page_size)
		if (map_one(o, root, va + off, pa + off, flags, leaf) < 0)
			return -1;
	return 0;
}

int pt_lookup(const struct pt_ops *o, u64 root, u64 va, u64 *pa, u64 *flags)
{
	u64 *t = o->virt(o->ctx, root);
	for (int level = LEVELS - 1; level >= 0; level--) {
		u64 e = t[index_at(va, level)];
		if (!(e & PTE_P))
			return -1;
		if (level == 0 || (e & PTE_PS)) {
			u64 span = 1ULL << (12 + 9 * level);
			*pa = (e & PTE_ADDR & ~(span - 1)) | (va & (span - 1));
			*flags = e & ~PTE_ADDR;
			return 0;
		}
		t = o->virt(o->ctx, e & PTE_ADDR);
	}
	return -1;
}

int pt_unmap(const struct pt_ops *o, u64 root, u64 va)
{
	u64 *t = o->virt(o->ctx, root);
	for (int level = LEVELS - 1; level > 0; level--) {
		u64 e = t[index_at(va, level)];
		if (!(e & PTE_P) || (e & PTE_PS))
			return -1;
		t = o->virt(o->ctx, e & PTE_ADDR);
	}
	if (!(t[index_at(va, 0)] & PTE_P))
		return -1;
	t[index_at(va, 0)] = 0;
	return 0;
}

static void destroy_level(const struct pt_ops *o, u64 table, int level)
{
	u64 *t = o->virt(o->ctx, table);
	for (u32 i = 0; level > 0 && i < 512; i++)
		if ((t[i] & PTE_P) && !(t[i] & PTE_PS))
			destroy_level(o, t[i] & PTE_ADDR, level - 1);
	o->free(o->ctx, table);
}

void pt_destroy(const struct pt_ops *o, u64 root)
{
	destroy_level(o, root, LEVELS - 1);
}
