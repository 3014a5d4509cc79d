/* cordon core: exit handlers, each owning one kind of neutral exit. */
#ifndef CORDON_KERNEL_HANDLERS_H
#define CORDON_KERNEL_HANDLERS_H
#include <kernel/vm.h>

/* Dispatches one exit through the const handler table (exit.c). */
void exit_dispatch(struct vcpu *v, const struct vm_exit *e);
/* Completes the intercepted instruction: RIP moves past it (and a single-stepping guest gets its #DB). */
void vcpu_skip(struct vcpu *v, const struct vm_exit *e);
/* The same for an instruction of len bytes the core decoded itself (MMIO). */
void vcpu_advance(struct vcpu *v, u32 len);

void handle_cpuid(struct vcpu *v, const struct vm_exit *e);
void handle_io(struct vcpu *v, const struct vm_exit *e);
void handle_msr(struct vcpu *v, const struct vm_exit *e);
void handle_hypercall(struct vcpu *v, const struct vm_exit *e);
void handle_xsetbv(struct vcpu *v, const struct vm_exit *e); /* xsetbv.c */

/* cpuid.c: the filtered view a guest sees (docs/CPUID.md); pure, for unit tests. */
void cpuid_filter(u32 leaf, u32 sub, const u32 host[4], u32 vm_id, u32 out[4]);
/* cpuid_xsave.c: XSAVE, AVX, AVX2 and leaf 0xD for the XCR0 bits in allowed (pure); osxsave = guest CR4.OSXSAVE. */
void cpuid_xsave_view(u32 leaf, u32 sub, const u32 host[4], u64 allowed, u32 max_size, bool osxsave, u32 out[4]);
/* msr.c: whether an MSR is on the allowlist (pure). */
bool msr_allowed(u32 msr, bool write);
/* ACPI fixed-register ports of a Linux VM (the FADT cordon builds names them; kernel/linux/acpi_regs.c). */
#define LINUX_SLEEP_CTL 0x600
#define LINUX_SLEEP_STS 0x601
#define LINUX_RESET 0x604
#define LINUX_RESET_VALUE 1
/* mmio.c: completes a Linux VM's access to an emulated device page; false if it is not one. */
bool mmio_emulate(struct vcpu *v, const struct vm_exit *e);

#endif
