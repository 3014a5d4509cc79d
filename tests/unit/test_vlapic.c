/* cordon unit tests: the virtual x2APIC of Linux VMs (kernel/linux/vlapic.c): registers, priority, timer. */
/* sources: kernel/linux/vlapic.c lib/str.c */
#include <tests/unit/unit.h>
#include <tests/unit/vlapic_fixture.h>

static void test_reset_state(void **state)
{
	static const u32 lvts[] = { CMCI, LVTT, THERM, PERF, LINT0, LINT1, LVTERR };
	(void)state;
	assert_int_equal(rd(ID), 0);
	assert_int_equal(rd(VER), 0x50014);
	assert_int_equal(rd(LDR), 1); /* cluster 0, bit 0 */
	assert_int_equal(rd(SVR), 0xff);
	assert_int_equal(rd(TPR) | rd(PPR) | rd(ESR) | rd(ICR) | rd(TMICT) | rd(TMCCT) | rd(TDCR), 0);
	for (u32 i = 0; i < 8; i++)
		assert_int_equal(rd(ISR + i) | rd(TMR + i) | rd(IRR + i), 0);
	for (size_t i = 0; i < ARRAY_SIZE(lvts); i++)
		assert_int_equal(rd(lvts[i]), MASKED);
	assert_int_equal(rd(MSR_APIC_BASE), 0xfee00d00); /* enabled, x2APIC, BSP */
	assert_int_equal(rd(MSR_TSC_DEADLINE), 0);
}

/* Reserved registers fault both ways, read-only ones fault on write, write-only ones on read. */
static void test_faulting_registers(void **state)
{
	static const u32 reserved[] = { 0x800, 0x801, 0x804, 0x807, 0x809, 0x80c, 0x80e, 0x829,
					0x82e, 0x831, 0x83a, 0x83d, 0x840, 0x8ff, 0x7ff };
	static const u32 ro[] = { ID, VER, PPR, LDR, ISR, ISR + 7, TMR, IRR + 7, TMCCT };
	struct vlapic before;
	u64 v;
	(void)state;
	memcpy(&before, &a, sizeof(a));
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++) {
		if (!vlapic_rdmsr(&a, reserved[i], &v) || !vlapic_wrmsr(&a, reserved[i], 0x1ff))
			fail_msg("reserved 0x%x accepted", reserved[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(ro); i++)
		if (!vlapic_wrmsr(&a, ro[i], 0xff))
			fail_msg("read-only 0x%x written", ro[i]);
	assert_int_equal(vlapic_rdmsr(&a, EOI, &v), -1);
	assert_int_equal(vlapic_rdmsr(&a, SELF, &v), -1);
	assert_memory_equal(&before, &a, sizeof(a));
}

static void test_apic_base(void **state)
{
	(void)state;
	assert_int_equal(vlapic_wrmsr(&a, MSR_APIC_BASE, 0xfee00d00), 0);
	assert_int_equal(vlapic_wrmsr(&a, MSR_APIC_BASE, 0xfee00c00), 0);
	assert_int_equal(vlapic_wrmsr(&a, MSR_APIC_BASE, 0xfee00900), -1); /* back to xAPIC */
	assert_int_equal(vlapic_wrmsr(&a, MSR_APIC_BASE, 0xfee00100), -1); /* disabled */
	assert_int_equal(vlapic_wrmsr(&a, MSR_APIC_BASE, 0xfed00d00), -1); /* moved */
}

static void test_plain_registers(void **state)
{
	(void)state;
	wr(TPR, 0x1234);
	assert_int_equal(rd(TPR), 0x34);
	wr(SVR, 0xffffffff);
	assert_int_equal(rd(SVR), 0x11ff);
	wr(ESR, 0);
	assert_int_equal(rd(ESR), 0);
	wr(TDCR, 0xffffffff);
	assert_int_equal(rd(TDCR), 0xb);
}

/* The timer LVT keeps vector, mask and mode; the others vector, delivery mode, polarity, trigger, mask. */
static void test_lvt_masks(void **state)
{
	static const u32 lvts[] = { CMCI, THERM, PERF, LINT0, LINT1, LVTERR };
	(void)state;
	wr(LVTT, 0xffffffff);
	assert_int_equal(rd(LVTT), 0x700ff);
	for (size_t i = 0; i < ARRAY_SIZE(lvts); i++) {
		wr(lvts[i], 0xffffffff);
		assert_int_equal(rd(lvts[i]), 0x1a7ff);
		wr(lvts[i], 0x22);
		assert_int_equal(rd(lvts[i]), 0x22);
	}
}

/* PPR is TPR unless the in-service class is higher (SDM 11.8.3.1). */
static void test_ppr(void **state)
{
	(void)state;
	enable();
	wr(TPR, 0x35);
	assert_int_equal(rd(PPR), 0x35);
	vlapic_raise(&a, 0x51);
	take(0x51);
	assert_int_equal(rd(PPR), 0x50);
	wr(TPR, 0x5a);
	assert_int_equal(rd(PPR), 0x5a);
	wr(TPR, 0x62);
	assert_int_equal(rd(PPR), 0x62);
}

struct icr_case { u64 icr; int vec; };
static const struct icr_case icrs[] = {
	{ 0x40041, 0x41 },	  /* shorthand self */
	{ 0x80042, 0x42 },	  /* all including self */
	{ 0xc0043, -1 },	  /* all excluding self: nobody */
	{ 0x44, 0x44 },		  /* physical destination 0 */
	{ 1ULL << 32 | 0x45, -1 }, /* APIC 1 does not exist */
	{ 0x40446, -1 },	  /* NMI delivery mode */
	{ 0x40547, -1 },	  /* INIT */
	{ 0x4000f, -1 },	  /* vectors 0-15 are illegal */
};

static void test_icr_and_self_ipi(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(icrs); i++) {
		vlapic_reset(&a);
		enable();
		wr(ICR, icrs[i].icr);
		if (vlapic_pending(&a) != icrs[i].vec)
			fail_msg("ICR 0x%llx: pending %d", (unsigned long long)icrs[i].icr, vlapic_pending(&a));
		for (u32 r = 0; r < 8 && icrs[i].vec < 0; r++)
			assert_int_equal(rd(IRR + r), 0); /* not even requested */
	}
	vlapic_reset(&a);
	enable();
	wr(SELF, 0x1234); /* only the vector byte counts */
	assert_int_equal(rd(IRR + 1), 1u << (0x34 - 32));
	take(0x34);
	assert_int_equal(rd(IRR + 1), 0);
	assert_int_equal(rd(ISR + 1), 1u << (0x34 - 32));
}

/* EOI retires the highest in-service vector only; with nothing in service it is harmless. */
static void test_eoi(void **state)
{
	(void)state;
	enable();
	wr(EOI, 0);
	vlapic_raise(&a, 0x31);
	take(0x31);
	vlapic_raise(&a, 0x61);
	take(0x61);
	wr(EOI, 0);
	assert_int_equal(rd(ISR + 3), 0);
	assert_int_equal(rd(ISR + 1), 1u << 17);
	wr(EOI, 0);
	assert_int_equal(rd(ISR + 1), 0);
}

/* A vector in the class of one in service waits for its EOI, even a higher vector (SDM 11.8.3.1). */
static void test_same_class_held(void **state)
{
	(void)state;
	enable();
	vlapic_raise(&a, 0x52);
	take(0x52);
	vlapic_raise(&a, 0x5f);
	vlapic_raise(&a, 0x41);
	assert_int_equal(vlapic_pending(&a), -1);
	assert_int_equal(rd(IRR + 2), 1u << 31 | 1u << 1); /* 0x5f and 0x41 wait */
	vlapic_raise(&a, 0x60);
	take(0x60); /* a higher class preempts */
	wr(EOI, 0);
	assert_int_equal(vlapic_pending(&a), -1);
	wr(EOI, 0);
	take(0x5f);
	wr(EOI, 0);
	take(0x41);
}

static void test_tpr_masks(void **state)
{
	(void)state;
	enable();
	wr(TPR, 0x40);
	vlapic_raise(&a, 0x3f);
	vlapic_raise(&a, 0x45);
	assert_int_equal(vlapic_pending(&a), -1);
	vlapic_raise(&a, 0x50);
	assert_int_equal(vlapic_pending(&a), 0x50);
	wr(TPR, 0x50);
	assert_int_equal(vlapic_pending(&a), -1);
	wr(TPR, 0);
	take(0x50);
}

/* SVR bit 8 clear: requests are kept but nothing is delivered (SDM 11.4.7.2). */
static void test_software_disabled(void **state)
{
	(void)state;
	vlapic_raise(&a, 0x80);
	assert_int_equal(vlapic_pending(&a), -1);
	assert_int_equal(rd(IRR + 4), 1);
	enable();
	assert_int_equal(vlapic_pending(&a), 0x80);
	wr(SVR, 0xff);
	assert_int_equal(vlapic_pending(&a), -1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, fresh)
	const struct CMUnitTest tests[] = {
		T(test_reset_state),	 T(test_faulting_registers), T(test_apic_base),	     T(test_plain_registers),
		T(test_lvt_masks),	 T(test_ppr),		     T(test_icr_and_self_ipi), T(test_eoi),
		T(test_same_class_held), T(test_tpr_masks),	     T(test_software_disabled),
	};
	return cmocka_run_group_tests_name("vlapic", tests, NULL, NULL);
}
