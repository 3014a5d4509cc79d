/* cordon VT-x: the EPT entry format and flush for the core's nested-table builder (mirror of svm/npt.c). */
#include <vmx/vmx.h>
#include <vmx/vmx_insn.h>
#include <kernel/mem/nested.h>
#include <lib/x86/pt.h>

/* EPT has the long-mode shape lib/x86/pt.c builds: R/W/X where P/W/U sit, PS at bit 7 (SDM vol. 3, 28.3.2). */
_Static_assert(EPT_R == PTE_P && EPT_W == PTE_W && EPT_X == PTE_U, "EPT R/W/X are not where pt.c puts P/W/U");
_Static_assert(EPT_LARGE == PTE_PS, "EPT's large-page bit is not pt.c's PS");

/*
 * EPT-derived translations of every VM; rare enough (a grant unmapped, a VM built) not to track per
 * EPTP. INVVPID too, as a VPID may have tagged an earlier VM's translations.
 */
static void ept_flush(struct vm *vm)
{
	(void)vm;
	invept_all();
	if (vmx_cpu.caps.vpid)
		invvpid_all();
}

/* Leaves carry the write-back memory type (SDM vol. 3, 28.3.7); fetches need X. */
const struct nested_format ept_format = {
	.leaf = EPT_MT_WB,
	.write = EPT_W,
	.exec = EPT_X,
	.flush = ept_flush,
};

int vmx_vm_init(struct vm *vm)
{
	return nested_vm_init(&ept_format, vm, NESTED_MAX_TAGS);
}

void vmx_vm_destroy(struct vm *vm)
{
	nested_vm_destroy(vm);
}

int vmx_map_page(struct vm *vm, u64 gpa, u64 hpa, u32 perm)
{
	return nested_map_page(&ept_format, vm, gpa, hpa, perm);
}

void vmx_unmap_page(struct vm *vm, u64 gpa)
{
	nested_unmap_page(&ept_format, vm, gpa);
}
