/* cordon unit tests: the x2APIC timer of Linux VMs (kernel/linux/vlapic.c): one-shot, periodic, TSC-deadline. */
/* sources: kernel/linux/vlapic.c lib/str.c */
#include <tests/unit/vlapic_fixture.h>

/*
 * The TMICT write starts the count at the real TSC, so these tests read the
 * armed deadline back from the struct and drive vlapic_tick with explicit
 * times relative to it; TMCCT, which also reads the TSC, is checked for bounds.
 */

/* Programs a count-down timer: LVT, divide configuration, initial count. */
static u64 arm(u32 lvt, u32 tdcr, u32 count)
{
	wr(LVTT, lvt);
	wr(TDCR, tdcr);
	wr(TMICT, count);
	return a.deadline;
}

static void test_oneshot(void **state)
{
	u64 d;
	(void)state;
	enable();
	d = arm(ONESHOT | 0x30, 0xb, 1000);
	assert_int_equal(d - a.timer_start, 1000);
	assert_int_equal(rd(TMICT), 1000);
	vlapic_tick(&a, d - 1);
	assert_int_equal(vlapic_pending(&a), -1);
	vlapic_tick(&a, d);
	take(0x30);
	wr(EOI, 0);
	assert_int_equal(a.deadline, 0); /* one shot only */
	assert_int_equal(rd(TMCCT), 0);
	vlapic_tick(&a, ~0ULL);
	assert_int_equal(vlapic_pending(&a), -1);
}

/* Periodic mode reloads at the deadline, not when cordon happens to notice it (SDM 11.5.4). */
static void test_periodic_rearms_from_deadline(void **state)
{
	u64 d;
	(void)state;
	enable();
	d = arm(PERIODIC | 0x31, 0, 500); /* divide by 2: a period of 1000 TSC cycles */
	vlapic_tick(&a, d - 1);
	assert_int_equal(vlapic_pending(&a), -1);
	vlapic_tick(&a, d + 5);
	take(0x31);
	wr(EOI, 0);
	assert_int_equal(a.deadline, d + 1000);
	vlapic_tick(&a, d + 999);
	assert_int_equal(vlapic_pending(&a), -1);
	vlapic_tick(&a, d + 1000);
	take(0x31);
	wr(EOI, 0);
	assert_int_equal(a.deadline, d + 2000);
}

/* Periods missed while the VM did not run give one interrupt, not a burst, and the next is in the future. */
static void test_periodic_missed_periods(void **state)
{
	u64 d, now;
	(void)state;
	enable();
	d = arm(PERIODIC | 0x32, 0xb, 1000);
	now = d + 7500;
	vlapic_tick(&a, now);
	take(0x32);
	wr(EOI, 0);
	assert_true(a.deadline > now && a.deadline <= now + 1000);
	vlapic_tick(&a, now);
	assert_int_equal(vlapic_pending(&a), -1);
}

/* An initial count of 0 stops the count-down timer in either mode (SDM 11.5.4). */
static void test_tmict_zero_stops(void **state)
{
	static const u32 modes[] = { ONESHOT, PERIODIC };
	(void)state;
	enable();
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		arm(modes[i] | 0x33, 0xb, 1000);
		wr(TMICT, 0);
		assert_int_equal(a.deadline, 0);
		vlapic_tick(&a, ~0ULL);
		assert_int_equal(vlapic_pending(&a), -1);
	}
}

static void test_tsc_deadline(void **state)
{
	(void)state;
	enable();
	wr(LVTT, DEADLINE | 0xec);
	wr(MSR_TSC_DEADLINE, 5000);
	assert_int_equal(rd(MSR_TSC_DEADLINE), 5000);
	wr(TMICT, 100); /* ignored in this mode */
	assert_int_equal(a.deadline, 5000);
	wr(MSR_TSC_DEADLINE, __builtin_ia32_rdtsc() + (1ULL << 40));
	assert_int_equal(rd(TMCCT), 0); /* even with the deadline far ahead */
	wr(MSR_TSC_DEADLINE, 5000);
	vlapic_tick(&a, 4999);
	assert_int_equal(vlapic_pending(&a), -1);
	vlapic_tick(&a, 5000);
	take(0xec);
	wr(EOI, 0);
	assert_int_equal(rd(MSR_TSC_DEADLINE), 0); /* cleared when it fires */
	vlapic_tick(&a, ~0ULL);
	assert_int_equal(vlapic_pending(&a), -1);
	wr(MSR_TSC_DEADLINE, 7000);
	wr(MSR_TSC_DEADLINE, 0); /* 0 disarms */
	vlapic_tick(&a, ~0ULL);
	assert_int_equal(vlapic_pending(&a), -1);
}

/* Outside TSC-deadline mode the MSR reads 0 and writes to it are ignored (SDM 11.5.4.1). */
static void test_deadline_msr_other_modes(void **state)
{
	(void)state;
	enable();
	wr(LVTT, ONESHOT | 0x30);
	wr(MSR_TSC_DEADLINE, 123);
	assert_int_equal(rd(MSR_TSC_DEADLINE), 0);
	arm(ONESHOT | 0x30, 0xb, 1000);
	assert_int_equal(rd(MSR_TSC_DEADLINE), 0); /* the count-down deadline is not the MSR */
	vlapic_tick(&a, 200);
	assert_int_equal(vlapic_pending(&a), -1);
}

/* A masked timer keeps counting (and reloading) but never requests its vector. */
static void test_masked_never_raises(void **state)
{
	u64 d;
	(void)state;
	enable();
	d = arm(ONESHOT | MASKED | 0x40, 0xb, 1000);
	vlapic_tick(&a, d);
	assert_int_equal(a.deadline, 0);
	d = arm(PERIODIC | MASKED | 0x41, 0xb, 1000);
	for (int i = 1; i <= 5; i++) {
		vlapic_tick(&a, a.deadline);
		assert_int_equal(a.deadline, d + 1000ULL * (u64)i);
	}
	wr(LVTT, DEADLINE | MASKED | 0x42);
	wr(MSR_TSC_DEADLINE, 10);
	vlapic_tick(&a, 10);
	assert_int_equal(rd(MSR_TSC_DEADLINE), 0);
	for (int i = 0; i < 8; i++)
		assert_int_equal(rd(IRR + i), 0);
}

/* A software-disabled APIC loses its timer interrupts (SDM 11.4.7.2). */
static void test_disabled_apic_timer(void **state)
{
	u64 d;
	(void)state;
	d = arm(ONESHOT | 0x50, 0xb, 1000);
	vlapic_tick(&a, d);
	enable();
	assert_int_equal(vlapic_pending(&a), -1);
}

/* Changing the timer mode disarms the timer; other LVT changes do not (SDM 11.5.4.1). */
static void test_mode_switch(void **state)
{
	u64 d;
	(void)state;
	enable();
	arm(ONESHOT | 0x30, 0xb, 1000);
	wr(LVTT, DEADLINE | 0x30);
	assert_int_equal(rd(MSR_TSC_DEADLINE), 0);
	vlapic_tick(&a, ~0ULL);
	wr(MSR_TSC_DEADLINE, 5000);
	wr(LVTT, ONESHOT | 0x30);
	vlapic_tick(&a, ~0ULL);
	arm(PERIODIC | 0x30, 0xb, 1000);
	wr(LVTT, ONESHOT | 0x30);
	vlapic_tick(&a, ~0ULL);
	assert_int_equal(vlapic_pending(&a), -1);
	d = arm(ONESHOT | 0x30, 0xb, 1000);
	wr(LVTT, ONESHOT | MASKED | 0x30);
	wr(LVTT, ONESHOT | 0x31);
	assert_int_equal(a.deadline, d);
	vlapic_tick(&a, d);
	take(0x31);
}

/* TDCR bits 3,1,0: 000 /2, 001 /4, 010 /8, 011 /16, 100 /32, 101 /64, 110 /128, 111 /1; bit 2 is not used. */
static void test_divide(void **state)
{
	static const struct { u32 tdcr, div; } t[] = {
		{ 0x0, 2 }, { 0x1, 4 }, { 0x2, 8 }, { 0x3, 16 }, { 0x8, 32 }, { 0x9, 64 },
		{ 0xa, 128 }, { 0xb, 1 }, { 0x4, 2 }, { 0xf, 1 }, { 0xfffffff3, 16 },
	};
	u64 d;
	(void)state;
	enable();
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		d = arm(ONESHOT | 0x30, t[i].tdcr, 1000);
		if (d - a.timer_start != 1000ULL * t[i].div)
			fail_msg("TDCR 0x%x: %llu cycles", t[i].tdcr, (unsigned long long)(d - a.timer_start));
		vlapic_tick(&a, d - 1);
		assert_int_equal(vlapic_pending(&a), -1);
		vlapic_tick(&a, d);
		take(0x30);
		wr(EOI, 0);
	}
	a.tsc_per_tick = 3; /* the divider applies to the tick rate, whatever it is */
	d = arm(ONESHOT | 0x30, 0, 10);
	assert_int_equal(d - a.timer_start, 60);
}

/* TMCCT counts down from TMICT in divided ticks: bounded by the TSC read around the two accesses. */
static void check_tmcct(u32 tdcr, u32 div, u32 count)
{
	u64 t0, t1, c;
	wr(LVTT, PERIODIC | 0x30);
	wr(TDCR, tdcr);
	t0 = __builtin_ia32_rdtsc();
	wr(TMICT, count);
	c = rd(TMCCT);
	t1 = __builtin_ia32_rdtsc();
	if (c > count || c + (t1 - t0) / div + 1 < count)
		fail_msg("TDCR 0x%x count %u: TMCCT %llu after %llu cycles", tdcr, count, (unsigned long long)c,
			 (unsigned long long)(t1 - t0));
}

static void test_tmcct_bounds(void **state)
{
	(void)state;
	check_tmcct(0xb, 1, 0xffffffffu);
	check_tmcct(0x0, 2, 0x80000000u);
	check_tmcct(0xa, 128, 0xffffffffu);
	check_tmcct(0x3, 16, 12345678u);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, fresh)
	const struct CMUnitTest tests[] = {
		T(test_oneshot),	     T(test_periodic_rearms_from_deadline), T(test_periodic_missed_periods),
		T(test_tmict_zero_stops),    T(test_tsc_deadline),		     T(test_deadline_msr_other_modes),
		T(test_masked_never_raises), T(test_disabled_apic_timer),	     T(test_mode_switch),
		T(test_divide),		     T(test_tmcct_bounds),
	};
	return cmocka_run_group_tests_name("vlapic_timer", tests, NULL, NULL);
}
