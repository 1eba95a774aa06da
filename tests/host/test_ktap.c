// SPDX-License-Identifier: MIT
/* Unit tests of the shared KTAP printer (shared/ktap.c): the lines the QEMU tests parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <shared/ktap.h>

/* Everything printed, line after line. */
static char out[1024];

static void capture(const char *line)
{
	strncat(out, line, sizeof(out) - strlen(out) - 1);
}

static void result(struct ktap *k, bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_vresult(k, ok, fmt, ap);
	va_end(ap);
}

static void test_a_suite(void **state)
{
	struct ktap k = {.print = capture};

	out[0] = '\0';
	ktap_begin(&k, "a title");
	result(&k, true, "first");
	result(&k, false, "second on cpu%u", 2u);
	assert_int_equal(ktap_end(&k, "suite"), 1);
	assert_string_equal(out, "KTAP version 1\n"
				 "# a title\n"
				 "ok 1 - first\n"
				 "not ok 2 - second on cpu2\n"
				 "1..2\n"
				 "# suite: 1 ok, 1 not ok\n");
}

static void test_begin_counts_from_zero(void **state)
{
	struct ktap k = {.print = capture};

	ktap_begin(&k, "one");
	result(&k, false, "x");
	ktap_end(&k, "one");
	out[0] = '\0';
	ktap_begin(&k, "two");
	result(&k, true, "y");
	assert_int_equal(ktap_end(&k, "two"), 0);
	assert_non_null(strstr(out, "ok 1 - y\n1..1\n# two: 1 ok, 0 not ok\n"));
}

static void test_long_name_is_cut_not_overrun(void **state)
{
	struct ktap k = {.print = capture};
	char name[300];

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	out[0] = '\0';
	result(&k, true, "%s", name);
	assert_true(strlen(out) < 128);
	assert_memory_equal(out, "ok 1 - nnn", 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_suite),
		cmocka_unit_test(test_begin_counts_from_zero),
		cmocka_unit_test(test_long_name_is_cut_not_overrun),
	};
	return cmocka_run_group_tests_name("ktap", tests, NULL, NULL);
}
