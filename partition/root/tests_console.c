// SPDX-License-Identifier: MIT
/*
 * User-level tests of console input (SYS_CONSOLE_READ) from the root task,
 * whose space alone may read it; nothing is typed during the suite. Other
 * spaces being refused is shown by the faulty cell (partition/cells/faulty.c).
 */
#include <cella/lib.h>

#include "root.h"

#define READ_MAX 64	    /* bytes one call may ask for */
#define UNMAPPED 0x40000000 /* nothing is mapped there in the root space */

static char buf[READ_MAX + 1];

static void test_console_read_nothing_typed(void)
{
	CHECK_EQ(sys_console_read(buf, 0), 0);
	CHECK_EQ(sys_console_read(buf, READ_MAX), 0);
}

static void test_console_read_errors(void)
{
	CHECK_EQ(sys_console_read(buf, READ_MAX + 1), ERR_INVALID);
	CHECK_EQ(sys_console_read((char *)UNMAPPED, 1), ERR_FAULT);
	CHECK_EQ(sys_console_read((char *)BOOTINFO_ADDR, 1), ERR_FAULT); /* read-only */
}

static const struct utest tests[] = {
	{"console_read_nothing_typed", test_console_read_nothing_typed},
	{"console_read_errors", test_console_read_errors},
};

void root_run_console_tests(void)
{
	ktap_run("console input tests", tests, sizeof(tests) / sizeof(tests[0]));
}
