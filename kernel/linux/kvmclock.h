/* cordon core: a KVM-compatible paravirtual clock (kvmclock) so Linux needs no timer calibration. */
#ifndef CORDON_KERNEL_KVMCLOCK_H
#define CORDON_KERNEL_KVMCLOCK_H
#include <cordon/types.h>

/*
 * Linux finds KVM's CPUID signature at any 0x100 step from 0x40000000
 * (arch/x86/kernel/kvm.c, hypervisor_cpuid_base), so cordon keeps its own
 * leaves at 0x40000000 and offers the KVM ones at 0x40000100 to Linux VMs,
 * with one feature: the clock source (KVM_FEATURE_CLOCKSOURCE2 and its
 * stable bit; Documentation/virt/kvm/x86/cpuid.rst and msr.rst).
 */
#define KVM_CPUID_BASE 0x40000100u
#define MSR_KVM_WALL_CLOCK_NEW 0x4b564d00u
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01u

struct vm;

struct kvmclock {
	u64 system_time_gpa; /* bit 0: enabled */
	u64 start_tsc;	     /* the VM's time zero */
	u32 mul;
	s8 shift;
};

void kvmclock_reset(struct kvmclock *c, u64 tsc_khz, u64 now);
/* The KVM leaves for a Linux VM; false when leaf is not one of them. */
bool kvmclock_cpuid(u32 leaf, u32 out[4]);
/* WRMSR of the two clock MSRs: 0, or -1 for #GP. */
int kvmclock_wrmsr(struct vm *vm, struct kvmclock *c, u32 msr, u64 val);
int kvmclock_rdmsr(const struct kvmclock *c, u32 msr, u64 *val);

#endif
