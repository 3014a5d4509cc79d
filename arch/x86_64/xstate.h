/* cordon x86_64: switching a vCPU's x87/SSE/AVX and every other XSAVE component, with its own XCR0. */
#ifndef CORDON_ARCH_FPU_H
#define CORDON_ARCH_FPU_H
#include <cordon/types.h>

/* XCR0 bits (Intel SDM vol. 1, 13.3; AMD APM vol. 2, 11.5.2). */
#define XCR0_X87 (1ULL << 0)
#define XCR0_SSE (1ULL << 1)
#define XCR0_AVX (1ULL << 2)
#define XCR0_PKRU (1ULL << 9)
/* What guests may enable with XSETBV, where the host has it (docs/CPUID.md). */
#define XCR0_GUEST_OFFER (XCR0_X87 | XCR0_SSE | XCR0_AVX)
#define XCR0_RESET XCR0_X87 /* the power-on value */
#define CR4_OSXSAVE (1ULL << 18) /* XSETBV, XGETBV and XSAVE usable (SDM vol. 3, 2.5) */

/*
 * Host setup: CR4.OSFXSR/OSXMMEXCPT and, where the CPU has XSAVE, CR4.OSXSAVE
 * with XCR0 = every user component the CPU offers, so one XSAVE covers the
 * whole register file whatever a guest enabled.
 */
void fpu_init(void);
u64 fpu_area_size(void); /* bytes of a vCPU's save area (a multiple of 64) */
u64 fpu_host_xcr0(void); /* components switched per vCPU; 0 without XSAVE (FXSAVE is used) */
/* The power-on state: FCW 0x37f, MXCSR 0x1f80, every register and XSAVE component in its init state. */
void fpu_reset(void *area);
/* Slice start: the vCPU's whole state from area, then the guest's XCR0 into the CPU. */
void fpu_restore(const void *area, u64 guest_xcr0);
/* Slice end: the XCR0 the guest ran with (returned), then its whole state into area. */
u64 fpu_save(void *area);

static inline u64 xgetbv0(void)
{
	u32 lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (u64)hi << 32 | lo;
}

static inline void xsetbv0(u64 v)
{
	__asm__ volatile("xsetbv" : : "c"(0), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}

#endif
