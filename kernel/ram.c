// SPDX-License-Identifier: MIT
/* Boot-time physical memory: RAM size from mem=, the image bounds, the MMU on. */
#include <console.h>
#include <ram.h>

#include <shared/bootargs.h>

/* Linker-script symbols bounding the image and its parts. */
extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

/* The smallest RAM the kernel accepts: the image and its tables must fit. */
#define RAM_MIN	  (16ull << 20)
#define RAM_ALIGN (2ull << 20)

/* Written by the boot core in ram_init(); read-only afterwards. */
static struct ram_info info;

static bool size_ok(uint64_t size)
{
	return size >= RAM_MIN && size <= ram_arch_max() && size % RAM_ALIGN == 0;
}

static void find_ram_size(void)
{
	const char *arg = bootarg("mem");
	uint64_t size;

	info.ram_size = ram_arch_default();
	if (!arg)
		return;
	if (!parse_size(arg, &size) || !size_ok(size)) {
		kprintf("cella: mem=%s: not a size from %llu MiB to %llu MiB in 2 MiB steps; "
			"using %llu MiB\n",
			arg, RAM_MIN >> 20, (unsigned long long)(ram_arch_max() >> 20),
			(unsigned long long)(info.ram_size >> 20));
		return;
	}
	info.ram_size = size;
	info.ram_size_given = true;
}

void ram_init(void)
{
	info.ram_base = ram_arch_base();
	info.image_start = (vaddr_t)__image_start;
	info.text_end = (vaddr_t)__text_end;
	info.rodata_end = (vaddr_t)__rodata_end;
	info.image_end = (vaddr_t)__image_end;
	find_ram_size();
	ram_arch_init(&info);
}

const struct ram_info *ram_info(void)
{
	return &info;
}
