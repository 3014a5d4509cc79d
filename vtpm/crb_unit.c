/* cordon vTPM: a VM's CRB pages in its guest-physical map, from its start to its end (a unit of kernel/units.c). */
#include <vtpm/crb.h>
#include <kernel/vm.h>
#include <kernel/backend.h>
#include <kernel/dev/devices.h>
#include <kernel/mem/pmm.h>
#include <lib/str.h>

/* Only writes reach it: the page is mapped read-only, so reads never fault (vtpm/crb.h). */
static const struct mmio_dev crb_dev = { "tpm-crb", CRB_REGS_GPA, PAGE_SIZE, crb_read, crb_write };

/* One page of cordon's at gpa with perm, in the map and the nested tables, or nowhere; its host address or 0. */
static u64 map_one(struct vm *vm, u64 gpa, u32 perm)
{
	u64 hpa = pmm_alloc(PAGE_SIZE, PAGE_SIZE); /* zeroed */
	if (!hpa)
		return 0;
	if (gpmap_add(&vm->map, gpa, PAGE_SIZE, hpa, perm) < 0) {
		pmm_free(hpa, PAGE_SIZE);
		return 0;
	}
	if (hv->map_page(vm, gpa, hpa, perm) < 0) {
		gpmap_remove(&vm->map, gpa);
		pmm_free(hpa, PAGE_SIZE);
		return 0;
	}
	return hpa;
}

/* Takes the page at gpa out of both maps and zeroes it before it returns: it held the VM's TPM traffic. */
static void unmap_one(struct vm *vm, u64 gpa)
{
	const struct gpmap_range *r = gpmap_find(&vm->map, gpa);
	u64 hpa;
	if (!r || r->gpa != gpa)
		return;
	hpa = r->hpa;
	hv->unmap_page(vm, gpa);
	gpmap_remove(&vm->map, gpa);
	pmm_zero((void *)(uptr)hpa, PAGE_SIZE); /* one page: bounded, so no background scrub is needed */
	pmm_free(hpa, PAGE_SIZE);
}

/*
 * After the VM's memory and nested tables exist (the unit after "memory and
 * vCPU"). A tiny guest's RAM may reach the TPM's addresses (it can have up
 * to 4 GiB): the map then refuses the overlap and the VM does not start.
 */
const char *crb_unit_start(struct vm *vm)
{
	u64 regs, buf;
	if (!vm->cfg->vtpm)
		return NULL;
	regs = map_one(vm, CRB_REGS_GPA, GP_R);
	if (!regs)
		return "no room for its TPM at 0xfed40000 (its RAM reaches there, or cordon is out of memory)";
	buf = map_one(vm, CRB_BUF_GPA, GP_R | GP_W);
	if (!buf) {
		unmap_one(vm, CRB_REGS_GPA);
		return "no room for its TPM's buffer at 0xfed41000 (its RAM reaches there, or cordon is out of memory)";
	}
	crb_attach(vm, (u32 *)(uptr)regs, (u8 *)(uptr)buf);
	vm->tpm = &crb_dev;
	return NULL;
}

/* Before the VM's nested tables go (units stop backward); an answer still due from its vTPM is dropped. */
void crb_unit_stop(struct vm *vm)
{
	if (!vm->tpm)
		return;
	vm->tpm = NULL;
	crb_detach(vm);
	unmap_one(vm, CRB_BUF_GPA);
	unmap_one(vm, CRB_REGS_GPA);
}
