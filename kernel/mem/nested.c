/* cordon core: one builder of nested page tables for both backends, and their ASID/VPID tags. */
#include <kernel/mem/nested.h>
#include <kernel/mem/pmm.h>
#include <kernel/vm.h>
#include <lib/x86/pt.h>

/* One pool serves whichever backend runs: ASIDs and VPIDs never coexist. */
static bool tag_used[NESTED_MAX_TAGS];

/* Lowest free tag in [1, limit); 0 if none. */
static u32 tag_alloc(u32 limit)
{
	if (limit > NESTED_MAX_TAGS)
		limit = NESTED_MAX_TAGS;
	for (u32 t = 1; t < limit; t++)
		if (!tag_used[t]) {
			tag_used[t] = true;
			return t;
		}
	return 0;
}

static void tag_free(u32 tag)
{
	if (tag < NESTED_MAX_TAGS)
		tag_used[tag] = false;
}

u64 nested_leaf(const struct nested_format *f, u32 perm)
{
	return f->leaf | ((perm & GP_W) ? f->write : 0) | ((perm & GP_X) ? f->exec : 0);
}

int nested_build(const struct nested_format *f, const struct pt_ops *o, u64 root, const struct gpmap *map)
{
	for (u32 i = 0; i < map->n; i++) {
		const struct gpmap_range *r = &map->r[i];
		if (!(r->perm & GP_R))
			continue; /* not present: every access exits to the core (NPF, EPT violation) */
		if (pt_map(o, root, r->gpa, r->hpa, r->size, nested_leaf(f, r->perm), PAGE_SIZE) < 0)
			return -1;
	}
	return 0;
}

int nested_vm_init(const struct nested_format *f, struct vm *vm, u32 tag_limit)
{
	const struct pt_ops *o = pmm_pt_ops();
	u64 root = o->alloc(o->ctx);
	if (!root)
		return -1;
	vm->nested_root = root;
	vm->tag = tag_alloc(tag_limit);
	if (!vm->tag || nested_build(f, o, root, &vm->map) < 0)
		return -1;
	f->flush(vm);
	return 0;
}

void nested_vm_destroy(struct vm *vm)
{
	pt_destroy(pmm_pt_ops(), vm->nested_root);
	vm->nested_root = 0;
	tag_free(vm->tag);
	vm->tag = 0;
}

int nested_map_page(const struct nested_format *f, struct vm *vm, u64 gpa, u64 hpa, u32 perm)
{
	return pt_map(pmm_pt_ops(), vm->nested_root, gpa, hpa, PAGE_SIZE, nested_leaf(f, perm | GP_X), PAGE_SIZE);
}

void nested_unmap_page(const struct nested_format *f, struct vm *vm, u64 gpa)
{
	pt_unmap(pmm_pt_ops(), vm->nested_root, gpa);
	f->flush(vm);
}
