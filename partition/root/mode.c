// SPDX-License-Identifier: MIT
/*
 * The test image's root task modes: the user-level test suites, or with
 * `bench` the benchmarks, `fuzz` the system-call fuzzer, `stress` the
 * cross-core stress test; `utest=off` chooses none of them.
 */
#include <shared/bootargs.h>
#include <shared/string.h>

#include "root.h"
#include "stress.h"

static bool utest_off(void)
{
	const char *v = bootarg("utest");

	return v && strcmp(v, "off") == 0;
}

bool root_run_test_mode(const struct bootinfo *bi)
{
	boot_info = bi;
	if (bootarg("bench"))
		root_run_bench();
	else if (bootarg("fuzz"))
		root_run_fuzz();
	else if (bootarg("stress"))
		stress_run();
	else if (!utest_off()) {
		root_run_tests(bi);
		root_run_console_tests();
	} else
		return false;
	return true;
}
