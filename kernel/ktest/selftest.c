// SPDX-License-Identifier: MIT
/* The test image's boot-time tests: self-tests, then the fault of kfault=. */
#include <console.h>
#include <kfault.h>
#include <ktest.h>
#include <selftest.h>

#include <shared/bootargs.h>
#include <shared/string.h>

void selftest_setup(void)
{
	kfault_init();
	ktest_setup_all();
}

void selftest_run(void)
{
	const char *arg = bootarg("ktest");

	if (arg && strcmp(arg, "off") == 0)
		kprintf("cella: self-tests skipped (ktest=off)\n");
	else
		ktest_run_all();
	kfault_trigger();
}
