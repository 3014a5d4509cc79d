/* cordon core: the XSETBV exit: a guest's XCR0 write, checked (kernel/cpuid_xsave.c) and loaded. */
#include <kernel/handlers.h>
#include <kernel/vcpu_state.h>
#include <kernel/backend.h>
#include <arch/x86_64/xstate.h>

/*
 * The CPU's XCR0 holds the guest's value while its slice runs (vcpu_state_load): it takes effect at once.
 * Not in kernel/vcpu_state.c: the VM lifecycle calls that file, and an exit handler reaches kernel/exit.c.
 */
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
