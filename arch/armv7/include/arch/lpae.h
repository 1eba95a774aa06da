/* SPDX-License-Identifier: MIT */
/*
 * LPAE (long-descriptor) translation tables with a 4 KiB granule: the
 * format of the kernel's HYP tables (and, later, of stage 2). Tables come
 * from a caller-provided pool, so the builder needs no allocator and can be
 * unit-tested on the host with a pool at any fake physical address.
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

/* A contiguous array of tables at physical address @base_pa. */
struct lpae_pool {
	struct lpae_table *tables;
	paddr_t base_pa;
	unsigned int count;
	unsigned int used;
};

/** lpae_pool_init() - manage @count tables at @tables (physical @base_pa). */
void lpae_pool_init(struct lpae_pool *pool, struct lpae_table *tables, unsigned int count,
		    paddr_t base_pa);

/** lpae_alloc() - a zeroed table from @pool, or NULL when it is used up. */
struct lpae_table *lpae_alloc(struct lpae_pool *pool);

/** lpae_table_pa() - physical address of @t, a table of @pool. */
paddr_t lpae_table_pa(const struct lpae_pool *pool, const struct lpae_table *t);

/**
 * lpae_map() - map [@va, @va + @size) to @pa with @attrs under the level-1
 * table @root, using 1 GiB and 2 MiB blocks where alignment allows.
 * Errors: ERR_INVALID (not page-aligned, empty, beyond 32-bit VA or 40-bit
 * PA), ERR_EXISTS (overlaps a mapping), ERR_NO_MEMORY (pool used up). On an
 * error the part mapped before it stays mapped.
 */
int lpae_map(struct lpae_pool *pool, struct lpae_table *root, uint64_t va, paddr_t pa,
	     uint64_t size, uint64_t attrs);

/**
 * lpae_lookup() - translate @va under @root; on success store the output
 * address, the attributes (LPAE_ATTR_MASK bits) and the block size.
 */
bool lpae_lookup(const struct lpae_pool *pool, const struct lpae_table *root, uint64_t va,
		 paddr_t *pa, uint64_t *attrs, uint64_t *block);
