// SPDX-License-Identifier: MIT
/*
 * The kernel's HYP stage-1 tables: devices, then RAM identity-mapped with
 * the image split into text (read-only, executable), read-only data and
 * read-write data (never executable). Built once by the boot core with the
 * MMU off; every core then loads the same tables.
 */
#include <board.h>
#include <console.h>
#include <cpu.h>
#include <err.h>
#include <ram.h>
#include <panic.h>

#include <arch/barrier.h>
#include <arch/lpae.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>

/* Root, device gap and RAM second level, image third level: a few spare. */
#define HYP_TABLES 8

/* HTCR: 32-bit input (T0SZ 0); walks Inner Shareable, Write-Back cacheable. */
#define HTCR_RES1 ((1u << 31) | (1u << 23))
#define HTCR_WALK ((1u << 8) | (1u << 10) | (3u << 12))
#define HSCTLR_M  (1u << 0)
#define HSCTLR_C  (1u << 2)
#define HSCTLR_I  (1u << 12)

/* Built by the boot core before any other core runs C; read-only after. */
static struct lpae_table tables[HYP_TABLES];
static unsigned int tables_used;

static struct lpae_table *hyp_table_alloc(struct lpae_alloc *a)
{
	return tables_used < HYP_TABLES ? &tables[tables_used++] : NULL; /* BSS: zeroed */
}

static struct lpae_alloc pool = {
	.alloc = hyp_table_alloc,
	.pa = mmu_identity_pa,
	.table = mmu_identity_table,
};

paddr_t mmu_identity_pa(const struct lpae_alloc *a, const struct lpae_table *t)
{
	return (paddr_t)(uintptr_t)t;
}

struct lpae_table *mmu_identity_table(const struct lpae_alloc *a, paddr_t pa)
{
	return (struct lpae_table *)(uintptr_t)pa;
}

static void map(const char *what, uint64_t va, uint64_t size, uint64_t attrs)
{
	int err;

	if (!size)
		return;
	err = lpae_map(&pool, &tables[0], va, va, size, attrs);
	if (err)
		panic("cannot map %s 0x%08llx+0x%llx: %s", what, (unsigned long long)va,
		      (unsigned long long)size, err_name(err));
}

static void map_around_guards(uint64_t start, uint64_t end);

void ram_arch_init(const struct ram_info *m)
{
	uint64_t ram_end = m->ram_base + m->ram_size;

	hyp_table_alloc(&pool); /* tables[0]: the root, as mmu_enable_here() expects */
	map("devices", BOARD_DEVICE_BASE, BOARD_DEVICE_SIZE, HYP_DEVICE);
	map("low RAM", m->ram_base, m->image_start - m->ram_base, HYP_DATA);
	map("kernel text", m->image_start, m->text_end - m->image_start, HYP_TEXT);
	map("kernel rodata", m->text_end, m->rodata_end - m->text_end, HYP_RODATA);
	map_around_guards(m->rodata_end, ram_end);
	mmu_enable_here();
}

/* RAM from @start to @end, but for the guard below each core's kernel stack (cpu.h). */
static void map_around_guards(uint64_t start, uint64_t end)
{
	for (unsigned int i = 0; i < CONFIG_MAX_CPUS; i++) {
		uint64_t guard = (uintptr_t)kernel_stacks[i].guard;

		map("RAM", start, guard - start, HYP_DATA);
		start = guard + sizeof(kernel_stacks[i].guard);
	}
	map("RAM", start, end - start, HYP_DATA);
}

bool ram_arch_mapped(vaddr_t va)
{
	sysreg_write(ats1hr, va);
	isb();
	return !(sysreg_read(par) & 1); /* PAR.F: the translation faulted */
}

void mmu_enable_here(void)
{
	sysreg_write(hmair0, HYP_MAIR0);
	sysreg_write(hmair1, 0);
	sysreg_write(htcr, HTCR_RES1 | HTCR_WALK);
	sysreg_write(httbr, (uint64_t)(uintptr_t)&tables[0]);
	dsb(ish);
	sysreg_write(tlbiallh, 0);
	sysreg_write(iciallu, 0);
	dsb(ish);
	isb();
	sysreg_write(hsctlr, sysreg_read(hsctlr) | HSCTLR_M | HSCTLR_C | HSCTLR_I);
	isb();
}

/* Exclusive accesses need the MMU on (Normal memory); before it, no locks. */
bool console_arch_locking_ready(void)
{
	return sysreg_read(hsctlr) & HSCTLR_M;
}
