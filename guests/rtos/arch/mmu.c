// SPDX-License-Identifier: MIT
/*
 * The first-level table after start.S: devices and the device tree are
 * mapped where they are (sections outside the RAM window), RAM grows from
 * the image's 4 MiB to what the device tree says.
 */
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/mmu.h>

#define SECTION_ATTRS 0xfffff
#define SECT_AP_RO    (SECT_AP_RW | (1 << 15)) /* APX: PL1 read-only */
#define SECT_S	      (1 << 16)		       /* shareable: other cores see our writes */

extern uint32_t __pgtable[4096];
static uintptr_t load_pa;

void mmu_init(uintptr_t pa)
{
	load_pa = pa;
}

uintptr_t mmu_load_pa(void)
{
	return load_pa;
}

static void set_section(uint32_t index, uint32_t desc)
{
	__pgtable[index] = desc;
	dsb();
	tlbiall_write(0);
	dsb();
	isb();
}

/* A section at its own address must not fall in the RAM window at RTOS_LINK_BASE. */
static bool identity_ok(uint64_t pa)
{
	return pa < 0x100000000ull &&
	       (pa < RTOS_LINK_BASE || pa >= (uint64_t)RTOS_LINK_BASE + RTOS_WINDOW);
}

void mmu_drop_boot_identity(void)
{
	set_section(load_pa >> SECTION_SHIFT, 0);
}

bool mmu_map_device(uint64_t pa)
{
	if (!identity_ok(pa))
		return false;
	set_section(pa >> SECTION_SHIFT, (pa & ~SECTION_ATTRS) | SECT_DEVICE);
	return true;
}

bool mmu_map_table(uint64_t pa, uint32_t size)
{
	uint64_t end = pa + size;

	if (!identity_ok(pa) || !identity_ok(end - 1))
		return false;
	for (uint64_t s = pa & ~SECTION_ATTRS; s < end; s += SECTION_SIZE)
		set_section(s >> SECTION_SHIFT,
			    s | (SECT_NORMAL & ~SECT_AP_RW) | SECT_AP_RO | SECT_XN);
	return true;
}

bool mmu_map_shared(uint64_t pa, uint32_t size)
{
	uint64_t end = pa + size;

	if (!size || !identity_ok(pa) || !identity_ok(end - 1))
		return false;
	for (uint64_t s = pa & ~SECTION_ATTRS; s < end; s += SECTION_SIZE)
		set_section(s >> SECTION_SHIFT, s | SECT_NORMAL | SECT_S | SECT_XN);
	return true;
}

uint32_t mmu_map_ram(uint64_t ram_end)
{
	uint64_t size = ram_end > load_pa ? ram_end - load_pa : 0;
	uint32_t mapped = BOOT_MAP_MB * SECTION_SIZE;

	if (size > RTOS_WINDOW)
		size = RTOS_WINDOW;
	for (; mapped + SECTION_SIZE <= size; mapped += SECTION_SIZE)
		set_section((RTOS_LINK_BASE + mapped) >> SECTION_SHIFT,
			    (load_pa + mapped) | SECT_NORMAL);
	return mapped;
}
