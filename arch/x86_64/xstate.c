/* cordon x86_64: XSAVE-based switching of each vCPU's FPU/SIMD register file (FXSAVE where XSAVE is absent). */
#include <arch/x86_64/xstate.h>
#include <arch/x86_64/cpu.h>
#include <lib/str.h>

#define CR0_EM (1ULL << 2)
#define CR0_TS (1ULL << 3)
#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define CPUID1_ECX_XSAVE (1u << 26)
#define FXSAVE_BYTES 512

static u64 host_xcr0; /* 0: no XSAVE, FXSAVE covers x87/SSE */
static u64 area_size = FXSAVE_BYTES;

/*
 * VMRUN and VM entry switch none of this state (APM vol. 2, 15.5.1; SDM vol. 3,
 * 26.3.2): not the x87/SSE/AVX registers, not PKRU, not XCR0. cordon keeps the
 * CPU's XCR0 at the full mask whenever it saves or restores, so a component a
 * guest enabled behind an XSETBV intercept the CPU ignored is switched as well.
 */
void fpu_init(void)
{
	u32 r[4];
	write_cr0(read_cr0() & ~(CR0_EM | CR0_TS));
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	cpuid(1, 0, r);
	if (!(r[2] & CPUID1_ECX_XSAVE))
		return;
	write_cr4(read_cr4() | CR4_OSXSAVE);
	cpuid(0xd, 0, r); /* EDX:EAX = XCR0 bits the CPU supports (SDM vol. 1, 13.2) */
	host_xcr0 = (u64)r[3] << 32 | r[0];
	xsetbv0(host_xcr0);
	cpuid(0xd, 0, r); /* EBX = bytes XSAVE writes for the XCR0 now set */
	area_size = ALIGN_UP(r[1], 64);
}

u64 fpu_area_size(void)
{
	return area_size;
}

u64 fpu_host_xcr0(void)
{
	return host_xcr0;
}

/* The XSAVE header (bytes 512-575) stays zero: XSTATE_BV = 0 puts every component in its init state. */
void fpu_reset(void *area)
{
	u8 *s = area;
	c_memset(s, 0, area_size);
	s[0] = 0x7f; /* FCW = 0x037f: all x87 exceptions masked */
	s[1] = 0x03;
	s[24] = 0x80; /* MXCSR = 0x1f80: all SSE exceptions masked */
	s[25] = 0x1f;
}

void fpu_restore(const void *area, u64 guest_xcr0)
{
	if (!host_xcr0) {
		__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
		return;
	}
	xsetbv0(host_xcr0);
	__asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"((u32)host_xcr0), "d"((u32)(host_xcr0 >> 32)) : "memory");
	xsetbv0(guest_xcr0);
}

u64 fpu_save(void *area)
{
	u64 guest_xcr0;
	if (!host_xcr0) {
		__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
		return XCR0_RESET;
	}
	guest_xcr0 = xgetbv0();
	xsetbv0(host_xcr0);
	__asm__ volatile("xsave64 (%0)" : : "r"(area), "a"((u32)host_xcr0), "d"((u32)(host_xcr0 >> 32)) : "memory");
	return guest_xcr0;
}
