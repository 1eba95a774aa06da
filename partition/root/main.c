// SPDX-License-Identifier: MIT
/*
 * The root task: the first user-level program. For now it announces what
 * the kernel gave it and runs the user-level test suites (unless the boot
 * arguments say utest=off); it grows into the partition service.
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
	if (has_arg(bi, "bench"))
		root_run_bench();
	else if (has_arg(bi, "fuzz"))
		root_run_fuzz();
	else if (has_arg(bi, "stress"))
		stress_run();
	else if (!has_arg(bi, "utest=off"))
		root_run_tests(bi);
	printf("root: ready\n");
	return 0;
}
