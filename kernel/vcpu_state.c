/* cordon core: switching the per-vCPU state that VMRUN / VM entry do not, and emulating XSETBV. */
#include <kernel/vcpu_state.h>
#include <kernel/handlers.h>
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

/* The CPU's XCR0 holds the guest's value while its slice runs (vcpu_state_load): it takes effect at once. */
void handle_xsetbv(struct vcpu *v, const struct vm_exit *e)
{
	u64 value = (v->regs.rdx & 0xffffffffu) << 32 | (v->regs.rax & 0xffffffffu);
	u32 vec = xsetbv_fault(hv->get_sreg(v, SREG_CR4), hv->cpl(v), v->regs.rcx, value,
			       xcr0_guest_allowed(fpu_host_xcr0()));
	if (vec) {
		hv->inject_exception(v, (u8)vec, vec == 13, 0);
		return;
	}
	v->xcr0 = value;
	xsetbv0(value);
	vcpu_skip(v, e);
}
