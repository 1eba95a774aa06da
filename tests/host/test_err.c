// SPDX-License-Identifier: MIT
/* Unit tests of the error codes' names (shared/err.c). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <cella/errors.h>

#include <shared/err.h>

#define CODE(e)                         \
	{                               \
		.code = (e), .name = #e \
	}

/* Every code of uapi/cella/errors.h, with its name as the enum spells it. */
static const struct {
	int code;
	const char *name;
} codes[] = {
	CODE(ERR_NONE),	      CODE(ERR_INVALID),   CODE(ERR_NO_MEMORY),	 CODE(ERR_EXISTS),
	CODE(ERR_NOT_FOUND),  CODE(ERR_BUSY),	   CODE(ERR_TIMEOUT),	 CODE(ERR_BAD_HANDLE),
	CODE(ERR_WRONG_TYPE), CODE(ERR_NO_RIGHTS), CODE(ERR_NO_SYSCALL), CODE(ERR_FAULT),
	CODE(ERR_STATE),
};
#define CODE_COUNT ((int)(sizeof(codes) / sizeof(codes[0])))

static void test_each_code_is_named_as_spelled(void **state)
{
	for (int i = 0; i < CODE_COUNT; i++)
		assert_string_equal(err_name(codes[i].code), codes[i].name);
}

/* The codes run from 0 down without a gap: the one past the last has no name. */
static void test_the_codes_are_all_listed(void **state)
{
	for (int i = 0; i < CODE_COUNT; i++)
		assert_int_equal(codes[i].code, -i);
	assert_string_equal(err_name(-CODE_COUNT), "ERR_?");
}

static void test_what_is_no_code(void **state)
{
	assert_string_equal(err_name(1), "ERR_?");
	assert_string_equal(err_name(INT_MAX), "ERR_?");
	assert_string_equal(err_name(-1000), "ERR_?");
	assert_string_equal(err_name(INT_MIN), "ERR_?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_code_is_named_as_spelled),
		cmocka_unit_test(test_the_codes_are_all_listed),
		cmocka_unit_test(test_what_is_no_code),
	};
	return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
