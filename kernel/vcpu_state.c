/* cordon core: switching the per-vCPU state that VMRUN / VM entry do not, and emulating XSETBV. */
#include "vcpu_state.h"
#include "handlers.h"
#include "backend.h"
#include "pmm.h"
#include <dreg.h>
#include <fpu.h>

#define CR4_OSXSAVE (1ULL << 18)

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
	fpu_reset(v->fpu); /* the next owner of the page must not find this VM's registers */
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

/*
 * XSETBV: #UD without CR4.OSXSAVE, #GP(0) at CPL > 0, for ECX != 0 or an
 * invalid value. The CPU's XCR0 holds the guest's value while its slice runs
 * (vcpu_state_load), so the new value takes effect at once.
 */
void handle_xsetbv(struct vcpu *v, const struct vm_exit *e)
{
	u64 value = (v->regs.rdx & 0xffffffffu) << 32 | (v->regs.rax & 0xffffffffu);
	if (!(hv->get_sreg(v, SREG_CR4) & CR4_OSXSAVE)) {
		hv->inject_exception(v, 6 /* #UD */, false, 0);
		return;
	}
	if (hv->cpl(v) || (u32)v->regs.rcx || !xcr0_valid(value, xcr0_guest_allowed(fpu_host_xcr0()))) {
		hv->inject_exception(v, 13 /* #GP */, true, 0);
		return;
	}
	v->xcr0 = value;
	xsetbv0(value);
	vcpu_skip(v, e);
}
