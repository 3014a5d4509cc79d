/* cordon AMD-V: the NPT entry format and flush for the core's nested-table builder (kernel/mem/nested.c). */
#include <svm/svm.h>
#include <kernel/mem/nested.h>
#include <lib/x86/pt.h>

/* The next VMRUN of this VM flushes its ASID (TLB_CONTROL), so no stale translation survives. */
static void npt_flush(struct vm *vm)
{
	vm->vcpu.launched = false;
}

/*
 * NPT entries are ordinary long-mode entries walked as user accesses, so U is required (APM vol. 2,
 * 15.25.5). No NX: cordon does not restrict fetches on AMD-V (GP_X is not encoded).
 */
const struct nested_format npt_format = {
	.leaf = PTE_U,
	.write = PTE_W,
	.exec = 0,
	.flush = npt_flush,
};

int svm_vm_init(struct vm *vm)
{
	return nested_vm_init(&npt_format, vm, svm_cpu.nasid);
}

void svm_vm_destroy(struct vm *vm)
{
	nested_vm_destroy(vm);
}

int svm_map_page(struct vm *vm, u64 gpa, u64 hpa, u32 perm)
{
	return nested_map_page(&npt_format, vm, gpa, hpa, perm);
}

void svm_unmap_page(struct vm *vm, u64 gpa)
{
	nested_unmap_page(&npt_format, vm, gpa);
}
