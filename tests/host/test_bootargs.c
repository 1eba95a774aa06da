// SPDX-License-Identifier: MIT
/* Unit tests of boot-argument parsing and sizes (shared/bootargs.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <shared/bootargs.h>

static void test_keys_values_and_flags(void **state)
{
	const char text[] = "  mem=512M\tktest=off  verbose kfault=dabt\n";

	bootargs_parse(text, sizeof(text));
	assert_string_equal(bootarg("mem"), "512M");
	assert_string_equal(bootarg("ktest"), "off");
	assert_string_equal(bootarg("verbose"), "");
	assert_string_equal(bootarg("kfault"), "dabt");
	assert_null(bootarg("missing"));
	assert_null(bootarg("mem=512M"));
}

static void test_value_keeps_later_equals(void **state)
{
	const char text[] = "opt=a=b";

	bootargs_parse(text, sizeof(text));
	assert_string_equal(bootarg("opt"), "a=b");
}

static void test_later_word_overrides(void **state)
{
	const char text[] = "mem=1G ktest mem=512M";

	bootargs_parse(text, sizeof(text));
	assert_string_equal(bootarg("mem"), "512M");
}

static void test_empty_and_unterminated(void **state)
{
	const char unterminated[4] = {'a', '=', '1', 'x'};

	bootargs_parse("", 1);
	assert_null(bootarg("a"));
	/* Reads at most max bytes, even without a NUL. */
	bootargs_parse(unterminated, 3);
	assert_string_equal(bootarg("a"), "1");
}

static void test_too_many_words_kept_bounded(void **state)
{
	char text[256] = "";

	for (int i = 0; i < BOOTARGS_MAX + 4; i++)
		sprintf(text + strlen(text), "k%d=%d ", i, i);
	bootargs_parse(text, sizeof(text));
	assert_string_equal(bootarg("k0"), "0");
	assert_non_null(bootarg("k15"));
	assert_null(bootarg("k16"));
}

static void test_u32(void **state)
{
	const char text[] = "a=42 b=0x10 c=junk d=4294967296 e= f=12x";

	bootargs_parse(text, sizeof(text));
	assert_int_equal(bootarg_u32("a", 7), 42);
	assert_int_equal(bootarg_u32("b", 7), 16);
	assert_int_equal(bootarg_u32("c", 7), 7);
	assert_int_equal(bootarg_u32("d", 7), 7);
	assert_int_equal(bootarg_u32("e", 7), 7);
	assert_int_equal(bootarg_u32("f", 7), 7);
	assert_int_equal(bootarg_u32("nope", 7), 7);
}

static void test_sizes(void **state)
{
	unsigned long long v;

	assert_true(parse_size("4096", &v));
	assert_int_equal(v, 4096);
	assert_true(parse_size("64K", &v));
	assert_int_equal(v, 64 << 10);
	assert_true(parse_size("512M", &v));
	assert_int_equal(v, 512ull << 20);
	assert_true(parse_size("1G", &v));
	assert_int_equal(v, 1ull << 30);
	assert_true(parse_size("0x100000", &v));
	assert_int_equal(v, 1 << 20);
	assert_false(parse_size("", &v));
	assert_false(parse_size("M", &v));
	assert_false(parse_size("12Q", &v));
	assert_false(parse_size("1GB", &v));
	assert_false(parse_size("17179869184G", &v)); /* 2^34 G overflows */
	assert_false(parse_size("99999999999999999999", &v));
	assert_false(parse_size(NULL, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_values_and_flags),
		cmocka_unit_test(test_value_keeps_later_equals),
		cmocka_unit_test(test_later_word_overrides),
		cmocka_unit_test(test_empty_and_unterminated),
		cmocka_unit_test(test_too_many_words_kept_bounded),
		cmocka_unit_test(test_u32),
		cmocka_unit_test(test_sizes),
	};
	return cmocka_run_group_tests_name("bootargs", tests, NULL, NULL);
}
