/* cordon unit tests: the XSAVE state guests are offered: XCR0 rules, XSETBV's faults, the CPUID view. */
/* sources: kernel/cpuid_xsave.c */
#include <tests/unit/unit.h>
#include <kernel/handlers.h>
#include <kernel/vcpu_state.h>
#include <arch/x86_64/xstate.h>

#define ALL 0xffffffffu
#define OSXSAVE (1ULL << 18)
#define HOST 0x2e7ULL /* x87 SSE AVX opmask ZMM_Hi256 Hi16_ZMM PKRU */

static void test_allowed(void **state)
{
	(void)state;
	assert_int_equal(xcr0_guest_allowed(HOST), 0x7); /* AVX-512, PKRU and the rest are not offered */
	assert_int_equal(xcr0_guest_allowed(0x3), 0x3);	 /* a host without AVX offers none */
	assert_int_equal(xcr0_guest_allowed(0), 0);	 /* no XSAVE at all */
}

static void test_xcr0_valid(void **state)
{
	(void)state;
	assert_true(xcr0_valid(1, 7));
	assert_true(xcr0_valid(3, 7));
	assert_true(xcr0_valid(7, 7));
	assert_false(xcr0_valid(0, 7));		/* x87 must stay set */
	assert_false(xcr0_valid(6, 7));		/* nor may x87 be cleared with SSE and AVX on */
	assert_false(xcr0_valid(5, 7));		/* AVX without SSE */
	assert_false(xcr0_valid(7, 3));		/* AVX not offered */
	assert_false(xcr0_valid(0x201, 7));	/* PKRU not offered */
	assert_false(xcr0_valid(1ULL << 62, ~0ULL & ~(1ULL << 62))); /* any bit outside allowed */
}

static void test_xsetbv_fault(void **state)
{
	(void)state;
	assert_int_equal(xsetbv_fault(OSXSAVE, 0, 0, 7, 7), 0);
	assert_int_equal(xsetbv_fault(0, 0, 0, 7, 7), 6);		 /* #UD: CR4.OSXSAVE clear */
	assert_int_equal(xsetbv_fault(OSXSAVE, 3, 0, 7, 7), 13);	 /* #GP: user mode */
	assert_int_equal(xsetbv_fault(OSXSAVE, 1, 0, 7, 7), 13);	 /* #GP: any CPL above 0 */
	assert_int_equal(xsetbv_fault(OSXSAVE, 0, 1, 7, 7), 13);	 /* #GP: only XCR0 exists */
	assert_int_equal(xsetbv_fault(OSXSAVE, 0, 1ULL << 32, 7, 7), 0); /* ECX is 32 bits: RCX's top half is ignored */
	assert_int_equal(xsetbv_fault(OSXSAVE, 0, 0x100, 7, 7), 13);	 /* #GP: XCR 256, not XCR0: all of ECX counts */
	assert_int_equal(xsetbv_fault(OSXSAVE, 0, 0x80000000u, 7, 7), 13);
	assert_int_equal(xsetbv_fault(OSXSAVE, 0, 0, 0x207, 7), 13);	 /* #GP: a component not offered */
	assert_int_equal(xsetbv_fault(OSXSAVE, 0, 0, 5, 7), 13);	 /* #GP: AVX without SSE */
}

static void view(u32 leaf, u32 sub, const u32 host[4], u64 allowed, bool osxsave, u32 out[4])
{
	for (int i = 0; i < 4; i++)
		out[i] = 0; /* what cpuid_filter left for the XSAVE bits and leaf 0xD */
	cpuid_xsave_view(leaf, sub, host, allowed, 832, osxsave, out);
}

static void test_leaf1(void **state)
{
	u32 o[4];
	const u32 host[4] = { ALL, ALL, ALL, ALL };
	(void)state;
	view(1, 0, host, 7, false, o);
	assert_int_equal(o[2], 1u << 12 | 1u << 26 | 1u << 28 | 1u << 29); /* FMA XSAVE AVX F16C, OSXSAVE off */
	view(1, 0, host, 7, true, o);
	assert_int_equal(o[2], 1u << 12 | 1u << 26 | 1u << 27 | 1u << 28 | 1u << 29); /* OSXSAVE = guest CR4 */
	view(1, 0, host, 3, true, o);
	assert_int_equal(o[2], 1u << 26 | 1u << 27); /* no AVX on the host: XSAVE only */
	view(1, 0, host, 0, true, o);
	assert_int_equal(o[2], 0); /* no XSAVE: nothing added */
	o[2] = 1u << 27 | 1u << 0; /* cpuid_filter left the host's OSXSAVE (and SSE3) set */
	cpuid_xsave_view(1, 0, host, 7, 832, false, o);
	assert_int_equal(o[2], 1u << 0 | 1u << 12 | 1u << 26 | 1u << 28 | 1u << 29); /* OSXSAVE: the guest's CR4 */
	view(1, 0, (const u32[4]){ 0, 0, 0, 0 }, 7, false, o);
	assert_int_equal(o[2], 0); /* only what the host has */
}

static void test_leaf7(void **state)
{
	u32 o[4];
	const u32 host[4] = { ALL, ALL, ALL, ALL };
	(void)state;
	view(7, 0, host, 7, true, o);
	assert_int_equal(o[1], 1u << 5); /* AVX2 */
	view(7, 0, host, 3, true, o);
	assert_int_equal(o[1], 0);
	view(7, 1, host, 7, true, o);
	assert_int_equal(o[1], 0);
}

static void test_leaf_d(void **state)
{
	u32 o[4];
	const u32 host[4] = { ALL, 0x340, ALL, ALL };
	(void)state;
	view(0xd, 0, host, 7, true, o);
	assert_int_equal(o[0], 7);	/* the components offered, not the host's */
	assert_int_equal(o[1], 0x340);	/* the size for the XCR0 the guest runs with */
	assert_int_equal(o[2], 832);	/* the size for everything offered */
	assert_int_equal(o[3], 0);
	view(0xd, 1, host, 7, true, o);
	assert_int_equal(o[0], 7);	/* XSAVEOPT XSAVEC XGETBV1, never XSAVES */
	assert_int_equal(o[2], 0);	/* no supervisor components */
	assert_int_equal(o[3], 0);
	view(0xd, 2, host, 7, true, o);
	assert_int_equal(o[0], ALL);	/* AVX component: passed through */
	view(0xd, 9, host, 7, true, o);
	assert_int_equal(o[0] | o[1] | o[2] | o[3], 0); /* PKRU: not offered */
	view(0xd, 63, host, ~0ULL, true, o);
	assert_int_equal(o[0] | o[1] | o[2] | o[3], 0);
	view(0xd, 0, host, 0, true, o);
	assert_int_equal(o[0] | o[1] | o[2] | o[3], 0); /* no XSAVE: leaf 0xD stays empty */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed),	     cmocka_unit_test(test_xcr0_valid), cmocka_unit_test(test_xsetbv_fault),
		cmocka_unit_test(test_leaf1),	     cmocka_unit_test(test_leaf7),	cmocka_unit_test(test_leaf_d),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
