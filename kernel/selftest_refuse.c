// SPDX-License-Identifier: MIT
/*
 * The product image's answer to test boot arguments: it carries neither the
 * self-tests nor fault injection, so it says so instead of booting quietly
 * as if they had passed (./cella test boots build/armv7/cella-test.elf).
 */
#include <console.h>
#include <selftest.h>

#include <shared/bootargs.h>
#include <shared/string.h>

/* The product image registers no test SGIs: nothing to do before the cores start. */
void selftest_setup(void)
{
}

void selftest_run(void)
{
	const char *ktest = bootarg("ktest");
	const char *kfault = bootarg("kfault");

	/* ktest=off asks for what the product image does anyway */
	if (ktest && strcmp(ktest, "off") != 0)
		kprintf("cella: ktest=%s refused: no self-tests in the product image "
			"(they are in cella-test.elf)\n",
			ktest);
	if (kfault)
		kprintf("cella: kfault=%s refused: no fault injection in the product image "
			"(it is in cella-test.elf)\n",
			kfault);
}
