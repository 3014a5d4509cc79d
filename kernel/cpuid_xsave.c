/* cordon core: the XSAVE state guests are offered (cordon switches all of it): XCR0 rule and CPUID view. */
#include <kernel/handlers.h>
#include <arch/x86_64/xstate.h>
#include <kernel/vcpu_state.h>

#define L1_FMA (1u << 12)
#define L1_XSAVE (1u << 26)
#define L1_OSXSAVE (1u << 27)
#define L1_AVX (1u << 28)
#define L1_F16C (1u << 29)
#define L7_AVX2 (1u << 5)
#define LD1_ALLOWED 0x7u /* XSAVEOPT XSAVEC XGETBV1; not XSAVES (IA32_XSS is not offered) */

/* Leaf 0xD (SDM vol. 1, 13.2): the components of 'allowed' only; EBX follows the guest's XCR0 in the CPU. */
static void leaf_d(u32 sub, const u32 host[4], u64 allowed, u32 max_size, u32 out[4])
{
	out[0] = out[1] = out[2] = out[3] = 0;
	if (sub == 0) {
		out[0] = (u32)allowed;
		out[1] = host[1];
		out[2] = max_size;
		out[3] = (u32)(allowed >> 32);
	} else if (sub == 1) {
		out[0] = host[0] & LD1_ALLOWED;
		out[1] = host[1];
	} else if (sub < 63 && (allowed >> sub & 1)) {
		for (int i = 0; i < 4; i++)
			out[i] = host[i];
	}
}

void cpuid_xsave_view(u32 leaf, u32 sub, const u32 host[4], u64 allowed, u32 max_size, bool osxsave, u32 out[4])
{
	if (!allowed)
		return; /* no XSAVE on the host: cpuid_filter's view (x87/SSE only) stands */
	if (leaf == 1) {
		out[2] |= host[2] & L1_XSAVE;
		out[2] = (out[2] & ~L1_OSXSAVE) | (osxsave ? L1_OSXSAVE : 0);
		if (allowed & XCR0_AVX)
			out[2] |= host[2] & (L1_FMA | L1_AVX | L1_F16C);
	} else if (leaf == 7 && sub == 0 && (allowed & XCR0_AVX)) {
		out[1] |= host[1] & L7_AVX2;
	} else if (leaf == 0xd) {
		leaf_d(sub, host, allowed, max_size, out);
	}
}

u64 xcr0_guest_allowed(u64 host_xcr0)
{
	return host_xcr0 & XCR0_GUEST_OFFER;
}

/*
 * XSETBV's checks (SDM vol. 2B, XSETBV): #UD without CR4.OSXSAVE, #GP(0) at
 * CPL > 0, for ECX != 0 or a value xcr0_valid refuses. Returns 0 or the vector.
 */
u32 xsetbv_fault(u64 cr4, u32 cpl, u64 rcx, u64 value, u64 allowed)
{
	if (!(cr4 & CR4_OSXSAVE))
		return 6;
	if (cpl || (u32)rcx || !xcr0_valid(value, allowed))
		return 13;
	return 0;
}

bool xcr0_valid(u64 value, u64 allowed)
{
	if (value & ~allowed)
		return false;
	if (!(value & XCR0_X87))
		return false;
	return !((value & XCR0_AVX) && !(value & XCR0_SSE));
}
