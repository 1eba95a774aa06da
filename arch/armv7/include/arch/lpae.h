/* SPDX-License-Identifier: MIT */
/*
 * LPAE (long-descriptor) translation tables with a 4 KiB granule: the
 * format of the kernel's HYP tables and of every address space's stage 2.
 * Tables come from the caller (struct lpae_alloc): a static array for the
 * kernel, a space's kernel-memory pool for stage 2, malloc'd memory at a
 * fake physical address in the host unit tests.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#define LPAE_ENTRIES	512
#define LPAE_PAGE_SHIFT 12
#define LPAE_PAGE_SIZE	(1u << LPAE_PAGE_SHIFT)
#define LPAE_ADDR_MASK	0x000000fffffff000ull /* output address, 40 bits */

/* Descriptor bits. */
#define LPAE_VALID	 (1ull << 0)
#define LPAE_TABLE	 (1ull << 1) /* levels 1-2: table; level 3: page */
#define LPAE_ATTRINDX(n) ((uint64_t)(n) << 2)
#define LPAE_AP1	 (1ull << 6) /* should be one in the HYP regime */
#define LPAE_AP_RO	 (1ull << 7)
#define LPAE_SH_INNER	 (3ull << 8)
#define LPAE_AF		 (1ull << 10)
#define LPAE_XN		 (1ull << 54)
#define LPAE_ATTR_MASK	 (0xfff0000000000ffcull) /* attributes, no address/type */

/* Memory attribute indirection (HMAIR0): index 0 Normal WB, 1 Device. */
#define MAIR_NORMAL 0
#define MAIR_DEVICE 1
#define HYP_MAIR0   (0xffu | (0x04u << 8))

/* Attributes of the kernel's own mappings. */
#define HYP_TEXT   (LPAE_ATTRINDX(MAIR_NORMAL) | LPAE_SH_INNER | LPAE_AF | LPAE_AP1 | LPAE_AP_RO)
#define HYP_RODATA (HYP_TEXT | LPAE_XN)
#define HYP_DATA   (LPAE_ATTRINDX(MAIR_NORMAL) | LPAE_SH_INNER | LPAE_AF | LPAE_AP1 | LPAE_XN)
#define HYP_DEVICE (LPAE_ATTRINDX(MAIR_DEVICE) | LPAE_AF | LPAE_AP1 | LPAE_XN)

typedef uint64_t lpae_t;

struct lpae_table {
	lpae_t e[LPAE_ENTRIES];
} __aligned(LPAE_PAGE_SIZE);

/* Where tables come from and how their addresses translate. */
struct lpae_alloc {
	/* A zeroed table, or NULL when none is left. */
	struct lpae_table *(*alloc)(struct lpae_alloc *a);
	/* The physical address of @t, and back. */
	paddr_t (*pa)(const struct lpae_alloc *a, const struct lpae_table *t);
	struct lpae_table *(*table)(const struct lpae_alloc *a, paddr_t pa);
};

/**
 * lpae_map() - map [@va, @va + @size) to @pa with @attrs under the level-1
 * table @root, using 1 GiB and 2 MiB blocks where alignment allows.
 * Errors: ERR_INVALID (not page-aligned, empty, beyond 32-bit VA or 40-bit
 * PA), ERR_EXISTS (overlaps a mapping), ERR_NO_MEMORY (no table left). On an
 * error the part mapped before it stays mapped.
 */
int lpae_map(struct lpae_alloc *pool, struct lpae_table *root, uint64_t va, paddr_t pa,
	     uint64_t size, uint64_t attrs);

/**
 * lpae_lookup() - translate @va under @root; on success store the output
 * address, the attributes (LPAE_ATTR_MASK bits) and the block size.
 */
bool lpae_lookup(const struct lpae_alloc *pool, const struct lpae_table *root, uint64_t va,
		 paddr_t *pa, uint64_t *attrs, uint64_t *block);
