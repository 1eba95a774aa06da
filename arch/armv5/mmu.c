// SPDX-License-Identifier: MIT
/*
 * The kernel's short-descriptor tables: RAM identity-mapped in 1 MiB
 * sections, write-back cached; the MiBs the image spans in 4 KiB pages so
 * that text is read-only, the first page (NULL) and each stack's guard are
 * unmapped; the devices in Device sections; the vector page at 0xffff0000,
 * and beside it two pages user level may read. Everything is in domain 0, a
 * client domain (permissions checked). Each space's table copies these
 * entries (space.c).
 */
#include <board.h>
#include <cpu.h>
#include <panic.h>
#include <ram.h>
#include <uapi/cella/layout.h>
#include <uapi/cella/memory.h>

#include <arch/cp15.h>
#include <arch/mmu.h>

#define MIB	       (1u << 20)
#define VECTORS_VA     0xffff0000u
#define IMAGE_MIBS     4 /* coarse tables for the image: it must fit in 4 MiB */
#define DACR_CLIENT(d) (1u << (2 * (d)))

uint32_t mmu_l1[4096] __aligned(16384);
static uint32_t image_l2[IMAGE_MIBS][L2_ENTRIES] __aligned(1024);
static uint32_t vector_l2[L2_ENTRIES] __aligned(1024);

extern char vectors[], user_cmpxchg[];

_Static_assert(USER_CMPXCHG_ADDR >> 20 == VECTORS_VA >> 20 &&
		       USER_CLOCK_ADDR >> 20 == VECTORS_VA >> 20,
	       "the pages user level may read share the vectors' coarse table");
_Static_assert(USER_CLOCK_HZ == BOARD_TIMER_HZ, "the user clock is the kernel's");

static void map_sections(paddr_t base, uint64_t size, uint32_t attrs)
{
	for (uint64_t off = 0; off < size; off += MIB)
		mmu_l1[(base + off) >> 20] = (uint32_t)(base + off) | L1_SECTION | attrs;
}

static bool in_guard(vaddr_t va)
{
	for (cpuid_t c = 0; c < CONFIG_MAX_CPUS; c++) {
		vaddr_t g = (vaddr_t)kernel_stacks[c].guard;

		if (va >= g && va < g + CONFIG_STACK_SIZE)
			return true;
	}
	return false;
}

/* The small-page descriptor of RAM page @va in the image's MiBs, or 0 to leave it unmapped. */
static uint32_t image_page(vaddr_t va, const struct ram_info *m)
{
	uint32_t cached = va | L2_SMALL | L2_C | L2_B;

	if (va < BOARD_BOOTARGS_BASE || in_guard(va))
		return 0;
	if (va >= m->image_start && va < m->text_end)
		return cached | L2_AP(AP_KERNEL_RO);
	return cached | L2_AP(AP_KERNEL_RW);
}

static void map_image_pages(const struct ram_info *m)
{
	uint32_t first = (uint32_t)m->ram_base >> 20, last = (m->image_end - 1) >> 20;

	if (last - first >= IMAGE_MIBS)
		panic("the kernel image spans more than %u MiB", IMAGE_MIBS);
	for (uint32_t mib = first; mib <= last; mib++) {
		uint32_t *t = image_l2[mib - first];

		for (uint32_t i = 0; i < L2_ENTRIES; i++)
			t[i] = image_page(mib * MIB + i * PAGE_SIZE, m);
		mmu_l1[mib] = (uint32_t)(uintptr_t)t | L1_COARSE;
	}
}

static void map_high_page(vaddr_t va, paddr_t pa, uint32_t attrs)
{
	vector_l2[(va >> 12) % L2_ENTRIES] = (uint32_t)pa | L2_SMALL | attrs;
}

/*
 * The vectors' MiB, in every space: the vectors; and what user level may
 * read (<cella/layout.h>): the compare-and-swap helper (user_helpers.S)
 * and the clock's registers.
 */
static void map_vector_page(void)
{
	map_high_page(VECTORS_VA, (uintptr_t)vectors, L2_C | L2_B | L2_AP(AP_KERNEL_RO));
	map_high_page(USER_CMPXCHG_ADDR, (uintptr_t)user_cmpxchg, L2_C | L2_B | L2_AP(AP_USER_RO));
	map_high_page(USER_CLOCK_ADDR, BOARD_TIMER_BASE, L2_AP(AP_USER_RO));
	mmu_l1[VECTORS_VA >> 20] = (uint32_t)(uintptr_t)vector_l2 | L1_COARSE;
}

void ram_arch_init(const struct ram_info *m)
{
	map_sections(m->ram_base, m->ram_size, L1_SECT_AP_K | L1_SECT_C | L1_SECT_B);
	map_image_pages(m);
	map_sections(BOARD_DEVICE_BASE, BOARD_DEVICE_SIZE, L1_SECT_AP_K);
	map_vector_page();
	/* The caches are off until now: the tables are in memory already. */
	cp15_write_dacr(DACR_CLIENT(0));
	cp15_write_ttbr((uint32_t)(uintptr_t)mmu_l1);
	cp15_tlb_invalidate();
	cp15_write_sctlr(cp15_read_sctlr() | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_S | SCTLR_V);
}

bool ram_arch_mapped(vaddr_t va)
{
	uint32_t l1 = mmu_l1[va >> 20];

	if ((l1 & 3) == (L1_SECTION & 3))
		return true;
	if ((l1 & 3) != (L1_COARSE & 3))
		return false;
	return ((uint32_t *)(uintptr_t)(l1 & ~0x3ffu))[(va >> 12) % L2_ENTRIES] & 3;
}
