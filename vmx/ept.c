/* cordon VT-x: VPIDs and EPT built from the core's per-VM memory map (mirror of svm/npt.c). */
#include <vmx/vmx.h>
#include <vmx/vmx_insn.h>
#include <lib/x86/pt.h>
#include <kernel/mem/pmm.h>

#define MAX_VPID 64

static bool vpid_used[MAX_VPID];

/*
 * EPT tables have the long-mode shape; lib/x86/pt.c builds them because R/W/X
 * sit where P/W/U do and non-leaf entries get all three. Leaves add the
 * write-back memory type (SDM vol. 3, 28.3.2 and 28.3.7).
 */
int ept_build(const struct pt_ops *o, u64 root, const struct gpmap *map)
{
	for (u32 i = 0; i < map->n; i++) {
		const struct gpmap_range *r = &map->r[i];
		u64 flags = EPT_MT_WB | ((r->perm & GP_W) ? EPT_W : 0) | ((r->perm & GP_X) ? EPT_X : 0);
		if (!(r->perm & GP_R))
			continue; /* not present: every access is an EPT violation */
		if (pt_map(o, root, r->gpa, r->hpa, r->size, flags, PAGE_SIZE) < 0)
			return -1;
	}
	return 0;
}

static u32 vpid_alloc(void)
{
	return tag_alloc(vpid_used, MAX_VPID);
}

int vmx_vm_init(struct vm *vm)
{
	const struct pt_ops *o = pmm_pt_ops();
	u64 root = o->alloc(o->ctx);
	if (!root)
		return -1;
	vm->nested_root = root;
	vm->tag = vpid_alloc();
	if (!vm->tag || ept_build(o, root, &vm->map) < 0)
		return -1;
	invept_all(); /* the root page may have served an earlier VM */
	if (vmx_cpu.caps.vpid)
		invvpid_all();
	return 0;
}

void vmx_vm_destroy(struct vm *vm)
{
	pt_destroy(pmm_pt_ops(), vm->nested_root);
	vm->nested_root = 0;
	if (vm->tag < MAX_VPID)
		vpid_used[vm->tag] = false;
	vm->tag = 0;
}

int vmx_map_page(struct vm *vm, u64 gpa, u64 hpa, u32 perm)
{
	return pt_map(pmm_pt_ops(), vm->nested_root, gpa, hpa, PAGE_SIZE,
		      EPT_MT_WB | EPT_X | ((perm & GP_W) ? EPT_W : 0), PAGE_SIZE);
}

void vmx_unmap_page(struct vm *vm, u64 gpa)
{
	pt_unmap(pmm_pt_ops(), vm->nested_root, gpa);
	invept_all(); /* EPT-derived translations of every VM; rare enough not to track per EPTP */
}
