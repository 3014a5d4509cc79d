/* cordon AMD-V: ASIDs and nested page tables built from the core's per-VM memory map. */
#include <svm/svm.h>
#include <lib/x86/pt.h>
#include <kernel/mem/pmm.h>

#define MAX_ASID 64

static bool asid_used[MAX_ASID];

/* NPT entries are ordinary long-mode entries walked as user accesses, so U is required (APM 15.25.5). */
int npt_build(const struct pt_ops *o, u64 root, const struct gpmap *map)
{
	for (u32 i = 0; i < map->n; i++) {
		const struct gpmap_range *r = &map->r[i];
		u64 flags = PTE_U | ((r->perm & GP_W) ? PTE_W : 0);
		if (!(r->perm & GP_R))
			continue; /* not present: any access faults to the core */
		if (pt_map(o, root, r->gpa, r->hpa, r->size, flags, PAGE_SIZE) < 0)
			return -1;
	}
	return 0;
}

static u32 asid_alloc(void)
{
	return tag_alloc(asid_used, svm_cpu.nasid < MAX_ASID ? svm_cpu.nasid : MAX_ASID);
}

int svm_vm_init(struct vm *vm)
{
	const struct pt_ops *o = pmm_pt_ops();
	u64 root = o->alloc(o->ctx);
	if (!root)
		return -1;
	vm->nested_root = root;
	vm->tag = asid_alloc();
	if (!vm->tag || npt_build(o, root, &vm->map) < 0)
		return -1;
	return 0;
}

void svm_vm_destroy(struct vm *vm)
{
	pt_destroy(pmm_pt_ops(), vm->nested_root);
	vm->nested_root = 0;
	if (vm->tag < MAX_ASID)
		asid_used[vm->tag] = false;
	vm->tag = 0;
}

int svm_map_page(struct vm *vm, u64 gpa, u64 hpa, u32 perm)
{
	return pt_map(pmm_pt_ops(), vm->nested_root, gpa, hpa, PAGE_SIZE, PTE_U | ((perm & GP_W) ? PTE_W : 0),
		      PAGE_SIZE);
}

/* The next VMRUN of this VM flushes its ASID (TLB_CONTROL), so no stale translation survives. */
void svm_unmap_page(struct vm *vm, u64 gpa)
{
	pt_unmap(pmm_pt_ops(), vm->nested_root, gpa);
	vm->vcpu.launched = false;
}
