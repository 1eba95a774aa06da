// SPDX-License-Identifier: MIT
/*
 * The product image's root task has no test modes: the boot arguments that
 * would choose one are refused in a line each, and the partition service
 * runs (./cella test, bench, stress and fuzz boot cella-test.elf).
 */
#include <shared/bootargs.h>
#include <shared/string.h>

#include <cella/lib.h>

#include "root.h"

/* The words that choose a test mode in the test image (mode.c). */
static const char *const test_words[] = {"bench", "fuzz", "stress"};

bool root_run_test_mode(const struct bootinfo *bi)
{
	const char *utest = bootarg("utest");

	if (utest && strcmp(utest, "off") != 0)
		printf("root: utest=%s refused: no test suites in the product image "
		       "(they are in cella-test.elf)\n",
		       utest);
	for (size_t i = 0; i < sizeof(test_words) / sizeof(test_words[0]); i++)
		if (bootarg(test_words[i]))
			printf("root: %s refused: not in the product image "
			       "(it is in cella-test.elf)\n",
			       test_words[i]);
	return false;
}
