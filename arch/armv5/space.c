// SPDX-License-Identifier: MIT
/*
 * Address spaces on ARMv5: a space owns the first-level entries of the
 * user window (arch/space.h), each a coarse table from its own pool, and
 * activating it copies them into the one first-level table. The ARM926's
 * caches are virtually indexed and tagged, with no address-space tag: the
 * same virtual address in another space would hit the last space's lines.
 * So a switch between spaces cleans and invalidates the data cache and
 * invalidates the instruction cache and the TLB (docs/design.md, ARMv5);
 * switching between threads of one space costs nothing.
 */
#include <cpu.h>
#include <err.h>
#include <kmem.h>
#include <root.h>
#include <space.h>

#include <shared/string.h>

#include <arch/cp15.h>
#include <arch/mmu.h>

#define WINDOW_FIRST (SPACE_WINDOW_BASE >> 20)
#define L2_SIZE	     (L2_ENTRIES * 4)

/* The space whose entries are in the window, or NULL (an empty window). */
static const struct space *active;

static uint32_t *coarse(uint32_t l1)
{
	return (uint32_t *)(uintptr_t)(l1 & ~0x3ffu);
}

static bool in_window(uint32_t addr, uint32_t size)
{
	return addr >= SPACE_WINDOW_BASE && size <= (SPACE_WINDOW_MIBS << 20) &&
	       addr - SPACE_WINDOW_BASE <= (SPACE_WINDOW_MIBS << 20) - size;
}

/* The window holds @s's entries (NULL: none); the caches and TLB forget the last space. */
static void load_window(const struct space *s)
{
	for (unsigned int i = 0; i < SPACE_WINDOW_MIBS; i++)
		mmu_l1[WINDOW_FIRST + i] = s ? s->arch.l1[i] : 0;
	cp15_dcache_flush();
	cp15_icache_invalidate();
	cp15_tlb_invalidate();
	active = s;
}

int space_arch_init(struct space *s)
{
	memset(s->arch.l1, 0, sizeof(s->arch.l1));
	return ERR_NONE;
}

/* space_arch_init() takes nothing: a table comes with the first mapping in its MiB. */
void space_arch_undo(struct space *s)
{
}

static uint32_t page_attrs(unsigned int rights)
{
	uint32_t ap = rights & RIGHT_WRITE ? AP_USER_RW : AP_USER_RO;

	/* ARMv5 has no execute-never: whatever a thread may read it may run. */
	return L2_SMALL | L2_AP(ap) | (rights & SPACE_MAP_DEVICE ? 0 : L2_C | L2_B);
}

static uint32_t *page_entry(struct space *s, uint32_t addr)
{
	uint32_t *l1 = &s->arch.l1[(addr - SPACE_WINDOW_BASE) >> 20];

	if (!*l1) {
		uint32_t *t = kmem_alloc(&s->pool, L2_SIZE);

		if (!t)
			return NULL;
		*l1 = (uint32_t)(uintptr_t)t | L1_COARSE;
		if (active == s)
			mmu_l1[addr >> 20] = *l1;
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
	cp15_dcache_clean_line(&mmu_l1[addr >> 20]);
	cp15_drain_write_buffer();
	return ERR_NONE;
}

bool space_arch_translate(const struct space *s, uint32_t addr, unsigned int rights, paddr_t *pa)
{
	uint32_t l1, e;

	if (!in_window(addr, 1))
		return false;
	l1 = s->arch.l1[(addr - SPACE_WINDOW_BASE) >> 20];
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
		load_window(s);
}

/* The window must not keep @s's tables: the root space's (or none) replace them. */
void space_arch_forget(const struct space *s)
{
	if (active == s)
		load_window(root_space() == s ? NULL : root_space());
}

/* One core, one window: once it no longer holds @s, no TLB entry or cache line of @s is left. */
void space_arch_release(struct space *s)
{
	space_arch_forget(s);
}

/* Spaces take no VMID here (ARMv5 has none): none is ever given out. */
uint32_t space_arch_vmids(cpuid_t c)
{
	return 0;
}
