// SPDX-License-Identifier: MIT
/*
 * The root task: the first user-level program. It announces what the
 * kernel gave it, runs the test mode the boot arguments choose if the image
 * carries tests (mode.c in the test image; mode_refuse.c in the product
 * image, which has none), and otherwise the partition service, which
 * builds the cells of the cell table linked into the boot image.
 */
#include <shared/bootargs.h>

#include <cella/lib.h>
#include <cella/bootinfo.h>

#include "root.h"

int main(const struct bootinfo *bi)
{
	if (bi->magic != BOOTINFO_MAGIC) {
		printf("root: bad boot info (magic 0x%08x)\n", bi->magic);
		return 1;
	}
	printf("root: started: %u cores, %u MiB free RAM at 0x%08x\n", bi->cores,
	       bi->memory[0].size >> 20, bi->memory[0].base);
	bootargs_parse(bi->args, sizeof(bi->args));
	bool tested = root_run_test_mode(bi);

	printf("root: ready\n");
	if (!tested)
		service_run(bi);
	return 0;
}
