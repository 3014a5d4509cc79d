/* cordon x86_64: the hypervisor's own page tables (identity map of RAM and MMIO below 4 GiB, plus its image). */
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <lib/x86/pt.h>
#include <kernel/console.h>

static u64 hv_phys;

u64 kva_to_pa(const void *p)
{
	u64 va = (u64)p;
	return va >= HV_VIRT_BASE ? va - HV_VIRT_BASE + hv_phys : va; /* low half is identity */
}

static u64 top_of_ram(const struct bootinfo *bi)
{
	u64 top = GiB(4);
	for (u32 i = 0; i < bi->nmem; i++) {
		const struct bi_mem *m = &bi->mem[i];
		u64 end = m->base + m->pages * PAGE_SIZE;
		if (m->type != BI_MEM_RESERVED && end > top)
			top = end;
	}
	return ALIGN_UP(top, GiB(1));
}

/*
 * Same shape as the loader's tables, but in memory the hypervisor owns. The
 * identity map stays executable because EFI runtime code (ResetSystem at
 * power-off) lives there.
 */
void paging_init(const struct bootinfo *bi, const struct pt_ops *ops)
{
	u64 root = ops->alloc(ops->ctx);
	hv_phys = bi->hv_phys;
	if (!root || pt_map(ops, root, 0, 0, top_of_ram(bi), PTE_W, MiB(2)) < 0 ||
	    pt_map(ops, root, HV_VIRT_BASE, bi->hv_phys, bi->hv_size, PTE_W | PTE_G, MiB(2)) < 0)
		panic("cannot build the hypervisor page tables");
	write_cr3(root);
}
