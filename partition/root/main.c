// SPDX-License-Identifier: MIT
/*
 * The root task: the first user-level program. It announces what the
 * kernel gave it, then runs the user-level test suites, or with `bench`
 * the benchmarks, `fuzz` the system-call fuzzer, `stress` the cross-core
 * stress test, or with `utest=off` the partition service, which builds the
 * cells of the cell table linked into the boot image.
 */
#include <kstring.h>

#include <cella/lib.h>
#include <uapi/cella/bootinfo.h>

#include "root.h"
#include "stress.h"

static int has_arg(const struct bootinfo *bi, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = bi->args; *p; p++)
		if ((p == bi->args || p[-1] == ' ') && strncmp(p, word, n) == 0 &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
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
	int serve = 0;

	if (has_arg(bi, "bench"))
		root_run_bench();
	else if (has_arg(bi, "fuzz"))
		root_run_fuzz();
	else if (has_arg(bi, "stress"))
		stress_run();
	else if (!has_arg(bi, "utest=off")) {
		root_run_tests(bi);
		root_run_console_tests();
	} else
		serve = 1;
	printf("root: ready\n");
	if (serve)
		service_run(bi);
	return 0;
}
