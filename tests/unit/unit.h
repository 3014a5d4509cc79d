/* cordon unit tests: shared helpers for table-driven cmocka groups (one case per table row). */
#ifndef CORDON_TESTS_UNIT_H
#define CORDON_TESTS_UNIT_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Undefined behaviour fails the run (exit status 1) instead of only printing a report. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

#define UNIT_MAX_TESTS 512

/* A group whose cases are added at run time, so every row of a table is its own named case. */
struct unit_group {
	struct CMUnitTest t[UNIT_MAX_TESTS];
	size_t n;
};

static inline void unit_add(struct unit_group *g, const char *name, CMUnitTestFunction f, void *state)
{
	if (g->n == UNIT_MAX_TESTS) {
		fprintf(stderr, "unit.h: too many tests\n");
		exit(2);
	}
	g->t[g->n++] = (struct CMUnitTest){ .name = name, .test_func = f, .initial_state = state };
}

static inline int unit_run(const char *name, const struct unit_group *g)
{
	return _cmocka_run_group_tests(name, g->t, g->n, NULL, NULL);
}

/* Adds every fixed test of an array literal. */
#define UNIT_ADD_ALL(g, arr)                                                  \
	do {                                                                  \
		for (size_t i_ = 0; i_ < sizeof(arr) / sizeof((arr)[0]); i_++) \
			unit_add((g), (arr)[i_].name, (arr)[i_].test_func, NULL); \
	} while (0)

/* Asserts that haystack contains needle, naming both on failure. */
#define assert_contains(haystack, needle)                                                     \
	do {                                                                                  \
		const char *h_ = (haystack), *n_ = (needle);                                  \
		if (!h_ || !strstr(h_, n_))                                                   \
			fail_msg("'%s' does not contain '%s'", h_ ? h_ : "(null)", n_);       \
	} while (0)

#endif
