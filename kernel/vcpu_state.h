/* cordon core: CPU state that VM entry leaves alone (FPU/SIMD/XSAVE, XCR0, DR0-DR3), carried per vCPU. */
#ifndef CORDON_KERNEL_VCPU_STATE_H
#define CORDON_KERNEL_VCPU_STATE_H
#include <cordon/types.h>

struct vcpu;

/* Allocates the vCPU's save area in the power-on state (docs/ARCHITECTURE.md, "CPU state"); -1 if no memory. */
int vcpu_state_init(struct vcpu *v);
void vcpu_state_free(struct vcpu *v);
/* Around each time slice: the vCPU's state into the CPU, and back out, so no other vCPU can read it. */
void vcpu_state_load(struct vcpu *v);
void vcpu_state_store(struct vcpu *v);
/* XCR0 values a guest may set: the host's components within XCR0_GUEST_OFFER (pure: host mask given). */
u64 xcr0_guest_allowed(u64 host_xcr0);
/* Whether XSETBV may load value (SDM vol. 2, XSETBV; vol. 1, 13.3): x87 set, AVX needs SSE, only allowed bits. */
bool xcr0_valid(u64 value, u64 allowed);
/* 0 if XSETBV may load value with this CR4, CPL and RCX, else the vector to inject (6 #UD, 13 #GP(0)). */
u32 xsetbv_fault(u64 cr4, u32 cpl, u64 rcx, u64 value, u64 allowed);

#endif
