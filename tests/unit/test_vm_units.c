/* cordon unit tests: the walk over the VM units (kernel/vm_units.c): forward to start, reverse to undo and stop. */
/* sources: kernel/vm_units.c */
#include <tests/unit/unit.h>
#include <kernel/vm_units.h>

/* Four recording units; the test decides which one fails or refuses. Every call lands in trace. */
#define N 4
static char trace[256];
static int fail_at = -1, refuse_at = -1;

static void note(const char *what, int i)
{
	char e[16];
	snprintf(e, sizeof(e), "%s%d ", what, i);
	strcat(trace, e);
}

#define HOOK static __attribute__((unused)) /* not every unit uses every hook */
#define UNIT_HOOKS(i)                                                                         \
	HOOK bool may##i(struct vm *vm) { (void)vm; note("may", i); return refuse_at != i; } \
	HOOK const char *start##i(struct vm *vm)                                               \
	{                                                                                      \
		(void)vm;                                                                      \
		note("start", i);                                                              \
		return fail_at == i ? "unit " #i " failed" : NULL;                             \
	}                                                                                      \
	HOOK void undo##i(struct vm *vm) { (void)vm; note("undo", i); }                        \
	HOOK void stop##i(struct vm *vm) { (void)vm; note("stop", i); }
UNIT_HOOKS(0)
UNIT_HOOKS(1)
UNIT_HOOKS(2)
UNIT_HOOKS(3)

/* Unit 0 has an undo of its own (the ACM's FAIL); 1 and 3 roll back with their stop; 2 has no PRE and no stop. */
static const struct vm_unit units[N] = {
	{ "zero", may0, start0, undo0, stop0 },
	{ "one", may1, start1, NULL, stop1 },
	{ "two", NULL, start2, NULL, NULL },
	{ "three", may3, start3, NULL, stop3 },
};
static struct vm *const vm = (struct vm *)&trace; /* the walk only passes it on */

static int reset(void **state)
{
	(void)state;
	trace[0] = 0;
	fail_at = refuse_at = -1;
	return 0;
}

static void test_start_all_in_order(void **state)
{
	const char *why = "x";
	(void)state;
	assert_int_equal(vm_units_start(units, N, vm, &why), N);
	assert_null(why);
	assert_string_equal(trace, "start0 start1 start2 start3 ");
}

/* A start failing at unit k rolls back exactly k-1..0, in reverse; units after k are never started. */
static void test_failure_rolls_back_the_earlier_units(void **state)
{
	static const char *const want[N] = {
		"start0 | ",
		"start0 start1 | undo0 ",
		"start0 start1 start2 | stop1 undo0 ",
		"start0 start1 start2 start3 | stop1 undo0 ",
	};
	(void)state;
	for (int k = 0; k < N; k++) {
		const char *why = NULL;
		u32 got;
		reset(NULL);
		fail_at = k;
		got = vm_units_start(units, N, vm, &why);
		assert_int_equal(got, k);
		assert_non_null(why);
		assert_int_equal(why[5] - '0', k);
		strcat(trace, "| ");
		vm_units_undo(units, got, vm);
		assert_string_equal(trace, want[k]);
	}
}

static void test_stop_walks_backward(void **state)
{
	(void)state;
	vm_units_stop(units, N, vm);
	assert_string_equal(trace, "stop3 stop1 stop0 ");
	trace[0] = 0;
	vm_units_stop(units, 0, vm);
	vm_units_undo(units, 0, vm);
	assert_string_equal(trace, "");
}

/* Every PRE is asked in order until one refuses; a unit without one does not object. */
static void test_may_start(void **state)
{
	(void)state;
	assert_true(vm_units_may_start(units, N, vm));
	assert_string_equal(trace, "may0 may1 may3 ");
	trace[0] = 0;
	refuse_at = 1;
	assert_false(vm_units_may_start(units, N, vm));
	assert_string_equal(trace, "may0 may1 ");
	trace[0] = 0;
	refuse_at = 0;
	assert_false(vm_units_may_start(units, N, vm));
	assert_string_equal(trace, "may0 ");
}

int main(void)
{
	static const struct CMUnitTest t[] = {
		cmocka_unit_test_setup(test_start_all_in_order, reset),
		cmocka_unit_test_setup(test_failure_rolls_back_the_earlier_units, reset),
		cmocka_unit_test_setup(test_stop_walks_backward, reset),
		cmocka_unit_test_setup(test_may_start, reset),
	};
	return cmocka_run_group_tests_name("vm_units", t, NULL, NULL);
}
