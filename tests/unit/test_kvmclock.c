/* cordon unit tests: the kvmclock paravirtual clock of Linux VMs (kernel/linux/kvmclock.c). */
/* sources: kernel/linux/kvmclock.c kernel/mem/gpmap.c lib/str.c */
#include <tests/unit/unit.h>
#include <kernel/vm.h>
#include <kernel/linux/kvmclock.h>

/* ---------------------------------------------------------------- scaling */

/* The guest's conversion (Documentation/virt/kvm/x86/msr.rst): ns = ((delta << shift) * mul) >> 32. */
static u64 to_ns(const struct kvmclock *c, u64 delta)
{
	return (u64)(((unsigned __int128)(delta << c->shift) * c->mul) >> 32);
}

/* Within 1 ns per ms of the truth (the brief allows 1 per µs; a 32-bit mul does far better). */
static void check_scale(u64 khz)
{
	static const u64 ms[] = { 1, 1000, 3600000 }; /* 1 ms, 1 s, 1 h */
	struct kvmclock c;
	kvmclock_reset(&c, khz, 0);
	assert_in_range(c.shift, 0, 40);
	if (c.shift > 0 && c.mul < 1u << 31)
		fail_msg("%llu kHz: mul 0x%x not normalised at shift %d", (unsigned long long)khz, c.mul, c.shift);
	for (size_t i = 0; i < ARRAY_SIZE(ms); i++) {
		u64 delta = khz * ms[i], truth = ms[i] * 1000000, ns = to_ns(&c, delta);
		u64 err = ns > truth ? ns - truth : truth - ns;
		if (err > ms[i])
			fail_msg("%llu kHz, %llu ms: %llu ns", (unsigned long long)khz, (unsigned long long)ms[i],
				 (unsigned long long)ns);
	}
}

static void test_scale(void **state)
{
	static const u64 khz[] = { 1000, 32768, 999999, 1000000, 1193182, 1999999, 2000000,
				   2400000, 2893421, 3600000, 4000000, 5000000, 10000000 };
	struct kvmclock c;
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(khz); i++)
		check_scale(khz[i]);
	c.system_time_gpa = 0x2001;
	kvmclock_reset(&c, 3000000, 0x123456789ULL);
	assert_int_equal(c.system_time_gpa, 0); /* a reset VM has no clock registered */
	assert_int_equal(c.start_tsc, 0x123456789ULL);
}

static void test_cpuid(void **state)
{
	static const u32 others[] = { 0x40000000, 0x400000ff, 0x40000102, 0x40000200, 0x4000ff00, 1 };
	u32 o[4];
	char sig[13] = { 0 };
	(void)state;
	assert_true(kvmclock_cpuid(0x40000100, o));
	assert_int_equal(o[0], 0x40000101); /* highest KVM leaf */
	memcpy(sig, &o[1], 12);
	assert_memory_equal(sig, "KVMKVMKVM\0\0\0", 12);
	assert_true(kvmclock_cpuid(0x40000101, o));
	assert_int_equal(o[0], 1u << 3 | 1u << 24); /* CLOCKSOURCE2, CLOCKSOURCE_STABLE_BIT */
	assert_int_equal(o[1] | o[2] | o[3], 0);
	for (size_t i = 0; i < ARRAY_SIZE(others); i++)
		assert_false(kvmclock_cpuid(others[i], o));
}

/* ---------------------------------------------------------------- the MSRs over fake guest memory */

#define RAM 0x10000ULL	      /* [0, 64 KiB) read-write */
#define ROM 0x20000ULL	      /* [128 KiB, +4 KiB) read-only */
#define FILL 0xa5

static struct vm vm;
static struct kvmclock clk;
static u8 *ram, *rom;

static int mem_setup(void **state)
{
	(void)state;
	ram = aligned_alloc(PAGE_SIZE, RAM);
	rom = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_true(ram && rom);
	memset(ram, FILL, RAM);
	memset(rom, FILL, PAGE_SIZE);
	memset(&vm, 0, sizeof(vm));
	assert_int_equal(gpmap_add(&vm.map, 0, RAM, (u64)(uptr)ram, GP_RWX), 0);
	assert_int_equal(gpmap_add(&vm.map, ROM, PAGE_SIZE, (u64)(uptr)rom, GP_R), 0);
	kvmclock_reset(&clk, 2500000, 0);
	return 0;
}

static int mem_teardown(void **state)
{
	(void)state;
	free(ram);
	free(rom);
	return 0;
}

static u64 le(const u8 *p, int n)
{
	u64 v = 0;
	while (n--)
		v = v << 8 | p[n];
	return v;
}

static u64 rdmsr(u32 msr)
{
	u64 v = ~0ULL;
	assert_int_equal(kvmclock_rdmsr(&clk, msr, &v), 0);
	return v;
}

/* pvclock_vcpu_time_info is read at its ABI offsets: version 0, tsc 8, time 16, mul 24, shift 28, flags 29. */
static void test_system_time(void **state)
{
	const u8 *t = ram + 0x2000;
	u64 t0, t1, ts;
	(void)state;
	t0 = __builtin_ia32_rdtsc();
	kvmclock_reset(&clk, 1000000, t0 - 1000000000ULL); /* 1 GHz (shift 1); the VM started a second ago */
	assert_int_equal(kvmclock_wrmsr(&vm, &clk, MSR_KVM_SYSTEM_TIME_NEW, 0x2001), 0);
	t1 = __builtin_ia32_rdtsc();
	assert_int_equal(rdmsr(MSR_KVM_SYSTEM_TIME_NEW), 0x2001);
	assert_int_equal(le(t, 4) & 1, 0); /* even: no update in progress */
	assert_int_not_equal(le(t, 4), 0);
	ts = le(t + 8, 8);
	assert_in_range(ts, t0, t1);
	assert_int_equal(le(t + 16, 8), to_ns(&clk, ts - clk.start_tsc));
	assert_in_range(le(t + 16, 8), 1000000000ULL - 1, 1000000000ULL + (t1 - t0));
	assert_int_equal(clk.shift, 1);
	assert_int_equal(le(t + 24, 4), clk.mul);
	assert_int_equal((s8)t[28], clk.shift);
	assert_int_equal(t[29], 1); /* PVCLOCK_TSC_STABLE_BIT */
	assert_int_equal(ram[0x1fff], FILL);
	assert_int_equal(ram[0x2020], FILL); /* 32 bytes, no more */
}

/* Without the enable bit the address is only remembered: nothing is written. */
static void test_system_time_disabled(void **state)
{
	(void)state;
	assert_int_equal(kvmclock_wrmsr(&vm, &clk, MSR_KVM_SYSTEM_TIME_NEW, 0x3000), 0);
	assert_int_equal(rdmsr(MSR_KVM_SYSTEM_TIME_NEW), 0x3000);
	for (u64 i = 0; i < RAM; i++)
		if (ram[i] != FILL)
			fail_msg("byte 0x%llx written", (unsigned long long)i);
}

/* pvclock_wall_clock: version 0, sec 4, nsec 8; there is no RTC, so the epoch. */
static void test_wall_clock(void **state)
{
	const u8 *w = ram + 0x4004;
	(void)state;
	assert_int_equal(kvmclock_wrmsr(&vm, &clk, MSR_KVM_WALL_CLOCK_NEW, 0x4004), 0);
	assert_int_equal(le(w, 4) & 1, 0);
	assert_int_equal(le(w + 4, 4), 0);
	assert_int_equal(le(w + 8, 4), 0);
	assert_int_equal(ram[0x4003], FILL);
	assert_int_equal(ram[0x4010], FILL);
	assert_int_equal(rdmsr(MSR_KVM_WALL_CLOCK_NEW), 0);
	assert_int_equal(rdmsr(MSR_KVM_SYSTEM_TIME_NEW), 0); /* untouched */
}

/* Structures outside writable guest memory fault, and a faulting WRMSR changes nothing. */
static void test_bad_gpas(void **state)
{
	static const u64 gpas[] = { RAM, RAM - 16, ROM, ROM + 0x100, 0xfee00000, ~0xfffULL };
	(void)state;
	assert_int_equal(kvmclock_wrmsr(&vm, &clk, MSR_KVM_SYSTEM_TIME_NEW, 0x2001), 0);
	for (size_t i = 0; i < ARRAY_SIZE(gpas); i++) {
		if (kvmclock_wrmsr(&vm, &clk, MSR_KVM_SYSTEM_TIME_NEW, gpas[i] | 1) != -1)
			fail_msg("system time at 0x%llx accepted", (unsigned long long)gpas[i]);
		if (kvmclock_wrmsr(&vm, &clk, MSR_KVM_WALL_CLOCK_NEW, gpas[i] + 8) != -1)
			fail_msg("wall clock at 0x%llx accepted", (unsigned long long)gpas[i] + 8);
		assert_int_equal(rdmsr(MSR_KVM_SYSTEM_TIME_NEW), 0x2001);
	}
	assert_int_equal(kvmclock_wrmsr(&vm, &clk, MSR_KVM_WALL_CLOCK_NEW, RAM - 12), 0); /* just fits */
	for (u64 i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(rom[i], FILL);
}

#define M(f) cmocka_unit_test_setup_teardown(f, mem_setup, mem_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale), cmocka_unit_test(test_cpuid), M(test_system_time),
		M(test_system_time_disabled), M(test_wall_clock),	    M(test_bad_gpas),
	};
	return cmocka_run_group_tests_name("kvmclock", tests, NULL, NULL);
}
