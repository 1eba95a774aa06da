// SPDX-License-Identifier: MIT
/*
 * Address spaces on ARMv5: each has its own first-level table, from a
 * reserve of SPACE_L1_TABLES set aside at boot, holding the kernel's
 * entries (copied at creation; they never change after boot) and, in the
 * user window, coarse tables from the space's pool. Activating a space
 * writes TTBR. The ARM926's caches are virtually indexed and tagged, with
 * no address-space tag: the same virtual address in another space would
 * hit the last space's lines. So a switch between spaces cleans and
 * invalidates the data cache and invalidates the instruction cache and the
 * TLB (docs/design.md, ARMv5); switching between threads of one space
 * costs nothing.
 */
#include <cpu.h>
#include <err.h>
#include <kmem.h>
#include <root.h>
#include <space.h>

#include <shared/string.h>

#include <arch/cp15.h>
#include <arch/mmu.h>

#define L1_ENTRIES   4096
#define WINDOW_FIRST (SPACE_WINDOW_BASE >> 20)
#define WINDOW_END   (SPACE_WINDOW_END >> 20)
#define L2_SIZE	     (L2_ENTRIES * 4)
#define DCACHE_LINE  32 /* the ARM926's data-cache line */

_Static_assert(SPACE_WINDOW_BASE % (1u << 20) == 0 && SPACE_WINDOW_END % (1u << 20) == 0,
	       "the window is whole MiBs");

static uint32_t l1_tables[SPACE_L1_TABLES][L1_ENTRIES] __aligned(16384);
static uint64_t l1_used; /* bit i: l1_tables[i] belongs to a space (one core: no lock) */

/* The space whose table is in TTBR, or NULL (the kernel's own table). */
static const struct space *active;

static uint32_t *coarse(uint32_t l1)
{
	return (uint32_t *)(uintptr_t)(l1 & ~0x3ffu);
}

static bool in_window(uint32_t addr, uint32_t size)
{
	return addr >= SPACE_WINDOW_BASE && size <= SPACE_WINDOW_END - SPACE_WINDOW_BASE &&
	       addr - SPACE_WINDOW_BASE <= SPACE_WINDOW_END - SPACE_WINDOW_BASE - size;
}

/* TTBR holds @s's table (NULL: the kernel's); the caches and TLB forget the last space. */
static void load_table(const struct space *s)
{
	cp15_dcache_flush();
	cp15_icache_invalidate();
	cp15_write_ttbr((uint32_t)(uintptr_t)(s ? s->arch.l1 : mmu_l1));
	cp15_tlb_invalidate();
	active = s;
}

int space_arch_init(struct space *s)
{
	unsigned int i = 0;

	while (i < SPACE_L1_TABLES && l1_used & (1ull << i))
		i++;
	if (i == SPACE_L1_TABLES)
		return ERR_NO_MEMORY;
	l1_used |= 1ull << i;
	s->arch.l1 = l1_tables[i];
	memcpy(s->arch.l1, mmu_l1, WINDOW_FIRST * 4);
	memset(&s->arch.l1[WINDOW_FIRST], 0, (WINDOW_END - WINDOW_FIRST) * 4);
	memcpy(&s->arch.l1[WINDOW_END], &mmu_l1[WINDOW_END], (L1_ENTRIES - WINDOW_END) * 4);
	cp15_dcache_flush(); /* the table walker reads memory only */
	return ERR_NONE;
}

/* The table goes back to the reserve (its coarse tables went with the pool). */
void space_arch_undo(struct space *s)
{
	if (s->arch.l1)
		l1_used &= ~(1ull << (s->arch.l1 - l1_tables[0]) / L1_ENTRIES);
	s->arch.l1 = NULL;
}

static uint32_t page_attrs(unsigned int rights)
{
	uint32_t ap = rights & RIGHT_WRITE ? AP_USER_RW : AP_USER_RO;

	/* ARMv5 has no execute-never: whatever a thread may read it may run. */
	return L2_SMALL | L2_AP(ap) | (rights & SPACE_MAP_DEVICE ? 0 : L2_C | L2_B);
}

static uint32_t *page_entry(struct space *s, uint32_t addr)
{
	uint32_t *l1 = &s->arch.l1[addr >> 20];

	if (!*l1) {
		uint32_t *t = kmem_alloc(&s->pool, L2_SIZE);

		if (!t)
			return NULL;
		for (uint32_t off = 0; off < L2_SIZE; off += DCACHE_LINE)
			cp15_dcache_clean_line((char *)t + off); /* zeroed through the cache */
		*l1 = (uint32_t)(uintptr_t)t | L1_COARSE;
		cp15_dcache_clean_line(l1);
	}
	return &coarse(*l1)[(addr >> 12) % L2_ENTRIES];
}

/*
 * New descriptors only (mappings are never changed or removed here), so no
 * TLB maintenance; each is cleaned to memory, where the table walker reads.
 */
int space_arch_map(struct space *s, uint32_t addr, paddr_t pa, uint32_t size, unsigned int rights)
{
	if (!in_window(addr, size) || (addr | pa | size) % PAGE_SIZE)
		return ERR_INVALID;
	for (uint32_t off = 0; off < size; off += PAGE_SIZE) {
		uint32_t *e = page_entry(s, addr + off);

		if (!e)
			return ERR_NO_MEMORY;
		if (*e)
			return ERR_EXISTS;
		*e = (uint32_t)(pa + off) | page_attrs(rights);
		cp15_dcache_clean_line(e);
	}
	cp15_drain_write_buffer();
	return ERR_NONE;
}

bool space_arch_translate(const struct space *s, uint32_t addr, unsigned int rights, paddr_t *pa)
{
	uint32_t l1, e;

	if (!in_window(addr, 1))
		return false;
	l1 = s->arch.l1[addr >> 20];
	e = l1 ? coarse(l1)[(addr >> 12) % L2_ENTRIES] : 0;
	/* Device memory is never the kernel's to touch on a thread's behalf. */
	if (!e || !(e & L2_C))
		return false;
	if (rights & RIGHT_WRITE && (e & L2_AP(3)) != L2_AP(AP_USER_RW))
		return false;
	*pa = (e & ~0xfffu) | (addr & 0xfffu);
	return true;
}

void space_arch_activate(const struct space *s)
{
	if (active != s)
		load_table(s);
}

/* TTBR must not keep @s's table: the root space's (or the kernel's) replaces it. */
void space_arch_forget(const struct space *s)
{
	if (active == s)
		load_table(root_space() == s ? NULL : root_space());
}

/* One core: once TTBR no longer holds @s, no TLB entry or cache line of @s is left. */
void space_arch_release(struct space *s)
{
	space_arch_forget(s);
	space_arch_undo(s);
}

/* How many first-level tables are given out: ARMv5's counterpart of the VMIDs. */
uint32_t space_arch_vmids(cpuid_t c)
{
	return (uint32_t)__builtin_popcountll(l1_used);
}
