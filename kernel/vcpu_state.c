/* cordon core: switching the per-vCPU state that VMRUN / VM entry do not (FPU/SIMD/XSAVE, XCR0, DR0-DR3). */
#include <kernel/vcpu_state.h>
#include <kernel/vm.h>
#include <kernel/backend.h>
#include <kernel/mem/pmm.h>
#include <arch/x86_64/dreg.h>
#include <arch/x86_64/xstate.h>

int vcpu_state_init(struct vcpu *v)
{
	u64 pa = pmm_alloc(ALIGN_UP(fpu_area_size(), PAGE_SIZE), PAGE_SIZE);
	if (!pa)
		return -1;
	v->fpu = (void *)pa;
	fpu_reset(v->fpu);
	v->xcr0 = XCR0_RESET;
	for (int i = 0; i < 4; i++)
		v->dr[i] = 0;
	return 0;
}

void vcpu_state_free(struct vcpu *v)
{
	if (!v->fpu)
		return;
	pmm_free((u64)(uptr)v->fpu, ALIGN_UP(fpu_area_size(), PAGE_SIZE));
	v->fpu = NULL;
}

void vcpu_state_load(struct vcpu *v)
{
	fpu_restore(v->fpu, v->xcr0);
	dr_restore(v->dr);
}

void vcpu_state_store(struct vcpu *v)
{
	dr_save(v->dr);
	v->xcr0 = fpu_save(v->fpu);
}
