// SPDX-License-Identifier: MIT
/* Unit tests of the shared formatter (shared/format.c) against the C library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <shared/format.h>

/* Format with both and require the same text and the same return value. */
#define SAME(fmt, ...)                                                   \
	do {                                                             \
		char ours[128], libc[128];                               \
		int n1 = format(ours, sizeof(ours), fmt, __VA_ARGS__);   \
		int n2 = snprintf(libc, sizeof(libc), fmt, __VA_ARGS__); \
		assert_string_equal(ours, libc);                         \
		assert_int_equal(n1, n2);                                \
	} while (0)

/* format() without the printf-format check, for deliberately odd formats. */
static int format_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_integers(void **state)
{
	SAME("%d %i %u", 0, -1, 4000000000u);
	SAME("%d", -2147483647 - 1);
	SAME("%x %X %o", 0xdeadbeefu, 0xabcdefu, 0755u);
	SAME("%08x|%-8x|%8x", 0x1234u, 0x1234u, 0x1234u);
	SAME("%#x %#o %#X", 0x1fu, 8u, 0xffu);
	SAME("%#x", 0u);
	SAME("%+d % d %+d", 5, 5, -5);
	SAME("%.3d|%5.3d|%-5.3d|%05d", 7, 7, 7, -42);
	SAME("%.0d|%.0x", 0, 0u);
	SAME("%*d|%-*d", 6, 42, 6, 42);
}

static void test_length_modifiers(void **state)
{
	SAME("%lld %llu %llx", -9000000000000000000ll, 18446744073709551615ull,
	     0x123456789abcdefull);
	SAME("%ld %lu %lx", -123456789l, 123456789ul, 0xfeedul);
	SAME("%hd %hu %hhd %hhu", (short)-3, (unsigned short)65535, (signed char)-1,
	     (unsigned char)255);
	SAME("%zu %zx", (size_t)12345, (size_t)0xabc);
	SAME("%jd", (intmax_t)-77);
}

static void test_strings_and_chars(void **state)
{
	SAME("[%s] [%10s] [%-10s] [%.2s]", "abc", "abc", "abc", "abc");
	SAME("%c%c%c", 'a', 'b', 'c');
	SAME("[%3c] [%-3c]", 'x', 'y');
	SAME("100%% %s", "done");
}

static void test_pointer(void **state)
{
	char ours[64], expect[64];

	format(ours, sizeof(ours), "%p", (void *)0x1234);
	snprintf(expect, sizeof(expect), "0x%zx", (size_t)0x1234);
	assert_string_equal(ours, expect);
}

static void test_null_string(void **state)
{
	char buf[32];

	format_unchecked(buf, sizeof(buf), "%s", (char *)NULL);
	assert_string_equal(buf, "(null)");
}

static void test_truncation(void **state)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(format(buf, sizeof(buf), "%s-%d", "hello", 12345), 11);
	assert_string_equal(buf, "hello-1");
	assert_int_equal(format(buf, 1, "abc"), 3);
	assert_string_equal(buf, "");
	assert_int_equal(format(NULL, 0, "abc%d", 7), 4);
}

static void test_unknown_conversion_copied(void **state)
{
	char buf[32];

	format_unchecked(buf, sizeof(buf), "a%kb %d", 5);
	/* %k is unknown: copied through; it consumes no argument. */
	assert_string_equal(buf, "a%kb 5");
	format_unchecked(buf, sizeof(buf), "end%");
	assert_string_equal(buf, "end%");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_length_modifiers),
		cmocka_unit_test(test_strings_and_chars),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_null_string),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_unknown_conversion_copied),
	};
	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
