// SPDX-License-Identifier: MIT
/* Boot-time physical memory: RAM size from mem=, the image bounds, the MMU on. */
#include <console.h>
#include <mem.h>

#include <shared/bootargs.h>

/* Linker-script symbols bounding the image and its parts. */
extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

/* The smallest RAM the kernel accepts: the image and its tables must fit. */
#define MEM_MIN	  (16ull << 20)
#define MEM_ALIGN (2ull << 20)

/* Written by the boot core in mem_init(); read-only afterwards. */
static struct mem_info info;

static bool size_ok(uint64_t size)
{
	return size >= MEM_MIN && size <= mem_arch_ram_max() && size % MEM_ALIGN == 0;
}

static void find_ram_size(void)
{
	const char *arg = bootarg("mem");
	uint64_t size;

	info.ram_size = mem_arch_ram_default();
	if (!arg)
		return;
	if (!parse_size(arg, &size) || !size_ok(size)) {
		kprintf("cella: mem=%s: not a size from %llu MiB to %llu MiB in 2 MiB steps; "
			"using %llu MiB\n",
			arg, MEM_MIN >> 20, (unsigned long long)(mem_arch_ram_max() >> 20),
			(unsigned long long)(info.ram_size >> 20));
		return;
	}
	info.ram_size = size;
	info.ram_size_given = true;
}

void mem_init(void)
{
	info.ram_base = mem_arch_ram_base();
	info.image_start = (vaddr_t)__image_start;
	info.text_end = (vaddr_t)__text_end;
	info.rodata_end = (vaddr_t)__rodata_end;
	info.image_end = (vaddr_t)__image_end;
	find_ram_size();
	mem_arch_init(&info);
}

const struct mem_info *mem_info(void)
{
	return &info;
}
