/* cordon core: exit handlers, each owning one kind of neutral exit. */
#ifndef CORDON_KERNEL_HANDLERS_H
#define CORDON_KERNEL_HANDLERS_H
#include "vm.h"

/* Dispatches one exit through the const handler table (exit.c). */
void exit_dispatch(struct vcpu *v, const struct vm_exit *e);
/* Completes the intercepted instruction: RIP moves past it. */
void vcpu_skip(struct vcpu *v, const struct vm_exit *e);

void handle_cpuid(struct vcpu *v, const struct vm_exit *e);
void handle_io(struct vcpu *v, const struct vm_exit *e);
void handle_msr(struct vcpu *v, const struct vm_exit *e);
void handle_hypercall(struct vcpu *v, const struct vm_exit *e);

/* cpuid.c: the filtered view a guest sees (docs/CPUID.md); pure, for unit tests. */
void cpuid_filter(u32 leaf, u32 sub, const u32 host[4], u32 vm_id, u32 out[4]);
/* msr.c: whether an MSR is on the allowlist (pure). */
bool msr_allowed(u32 msr, bool write);

#endif
