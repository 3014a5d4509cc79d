/* cordon x86_64: the debug address registers DR0-DR3 and DR6 (SDM vol. 3, 18.2; APM vol. 2, 13.1.1). */
#ifndef CORDON_ARCH_DREG_H
#define CORDON_ARCH_DREG_H
#include <cordon/types.h>

#define DR6_RESET 0xffff0ff0ULL /* power-on values (SDM vol. 3, 18.2.3-18.2.4) */
#define DR7_RESET 0x400ULL

/*
 * Neither VMRUN nor VM entry switches DR0-DR3 (only DR6/DR7 through the VMCB,
 * DR7 through the VMCS), and guests reach them without an exit: the core
 * carries them per vCPU. The host never arms a breakpoint, so the guest's
 * addresses stay inert while cordon runs.
 */
static inline void dr_save(u64 dr[4])
{
	__asm__ volatile("mov %%dr0, %0" : "=r"(dr[0]));
	__asm__ volatile("mov %%dr1, %0" : "=r"(dr[1]));
	__asm__ volatile("mov %%dr2, %0" : "=r"(dr[2]));
	__asm__ volatile("mov %%dr3, %0" : "=r"(dr[3]));
}

static inline void dr_restore(const u64 dr[4])
{
	__asm__ volatile("mov %0, %%dr0" : : "r"(dr[0]));
	__asm__ volatile("mov %0, %%dr1" : : "r"(dr[1]));
	__asm__ volatile("mov %0, %%dr2" : : "r"(dr[2]));
	__asm__ volatile("mov %0, %%dr3" : : "r"(dr[3]));
}

static inline u64 read_dr6(void)
{
	u64 v;
	__asm__ volatile("mov %%dr6, %0" : "=r"(v));
	return v;
}

static inline void write_dr6(u64 v)
{
	__asm__ volatile("mov %0, %%dr6" : : "r"(v));
}

#endif
