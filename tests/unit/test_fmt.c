/* cordon unit tests: freestanding printf-style formatting (lib/fmt.c). */
/* sources: lib/fmt.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/fmt.h>

static char buf[128];

#define EXPECT(want, ...)                                                         \
	do {                                                                      \
		u64 n_ = fmt_snprintf(buf, sizeof(buf), __VA_ARGS__);              \
		assert_string_equal(buf, want);                                   \
		assert_int_equal(n_, strlen(want));                               \
	} while (0)

/* No format attribute: lets the tests pass formats the compiler would warn about. */
static u64 raw(const char *f, ...)
{
	va_list ap;
	u64 n;
	va_start(ap, f);
	n = fmt_vsnprintf(buf, sizeof(buf), f, ap);
	va_end(ap);
	return n;
}

static void test_malformed_formats(void **state)
{
	(void)state;
	assert_int_equal(raw("%s", (const char *)NULL), 6);
	assert_string_equal(buf, "(null)");
	assert_int_equal(raw("%q"), 2);
	assert_string_equal(buf, "%q");
	assert_int_equal(raw("end%"), 3);
	assert_string_equal(buf, "end");
	assert_int_equal(raw("%-08d|", 7), 9);
	assert_string_equal(buf, "7       |");
}

static void test_strings_and_chars(void **state)
{
	(void)state;
	EXPECT("plain", "plain");
	EXPECT("a=b c", "%s=%s %c", "a", "b", 'c');
	EXPECT("[  ab][ab  ]", "[%4s][%-4s]", "ab", "ab");
	EXPECT("100%", "100%%");
}

static void test_unsigned_and_hex(void **state)
{
	(void)state;
	EXPECT("0 42 4294967295", "%u %u %u", 0u, 42u, 0xffffffffu);
	EXPECT("18446744073709551615", "%llu", ~0ULL);
	EXPECT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT("ffffffffffffffff", "%llx", ~0ULL);
	EXPECT("0x00001000", "0x%08llx", 0x1000ULL);
	EXPECT("0x1234", "%p", (void *)0x1234);
	EXPECT("      ff", "%8x", 0xffu);
	EXPECT("4294967295", "%u", (unsigned)-1);
}

static void test_signed(void **state)
{
	(void)state;
	EXPECT("-42 42 0", "%d %d %d", -42, 42, 0);
	EXPECT("  -42|-0042|-42  |", "%5d|%05d|%-5d|", -42, -42, -42);
	EXPECT("-2147483648", "%d", (int)0x80000000u);
	EXPECT("2147483647", "%d", 0x7fffffff);
	EXPECT("-1", "%lld", -1LL);
	EXPECT("9223372036854775807", "%lld", 0x7fffffffffffffffLL);
}

/* A guest's exit code is printed with %lld (kernel/vm_describe.c), so every s64 must be safe. */
static void test_lld_min(void **state)
{
	(void)state;
	EXPECT("-9223372036854775808", "%lld", (s64)0x8000000000000000ULL);
}

static void test_truncation(void **state)
{
	char small[4];
	(void)state;
	memset(small, 'x', sizeof(small));
	assert_int_equal(fmt_snprintf(small, sizeof(small), "hello"), 5);
	assert_string_equal(small, "hel");
	memset(small, 'x', sizeof(small));
	assert_int_equal(fmt_snprintf(small, 1, "hello"), 5);
	assert_int_equal(small[0], 0);
	assert_int_equal(small[1], 'x');
	memset(small, 'x', sizeof(small));
	assert_int_equal(fmt_snprintf(small, 0, "%d", 1234), 4);
	assert_int_equal(small[0], 'x');
	assert_int_equal(fmt_snprintf(small, sizeof(small), "abc"), 3);
	assert_string_equal(small, "abc");
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_and_chars), cmocka_unit_test(test_unsigned_and_hex),
		cmocka_unit_test(test_signed), cmocka_unit_test(test_truncation), cmocka_unit_test(test_malformed_formats),
		cmocka_unit_test(test_lld_min), /* last: UBSan halts the run here until lib/fmt.c is fixed */
	};
	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
