// SPDX-License-Identifier: MIT
/*
 * The root task: the first user-level program. It announces what the
 * kernel gave it, then runs the user-level test suites, or with `bench`
 * the benchmarks, `fuzz` the system-call fuzzer, `stress` the cross-core
 * stress test, or with `utest=off` the partition service, which builds the
 * cells of the cell table linked into the boot image.
 */
#include <bootargs.h>
#include <kstring.h>

#include <cella/lib.h>
#include <uapi/cella/bootinfo.h>

#include "root.h"
#include "stress.h"

static bool utest_off(void)
{
	const char *v = bootarg("utest");

	return v && strcmp(v, "off") == 0;
}

int main(const struct bootinfo *bi)
{
	if (bi->magic != BOOTINFO_MAGIC) {
		printf("root: bad boot info (magic 0x%08x)\n", bi->magic);
		return 1;
	}
	printf("root: started: %u cores, %u MiB free RAM at 0x%08x\n", bi->cores,
	       bi->memory[0].size >> 20, bi->memory[0].base);
	boot_info = bi;
	bootargs_parse(bi->args, sizeof(bi->args));
	int serve = 0;

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
		serve = 1;
	printf("root: ready\n");
	if (serve)
		service_run(bi);
	return 0;
}
