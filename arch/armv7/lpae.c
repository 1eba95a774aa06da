// SPDX-License-Identifier: MIT
/* LPAE translation-table builder: largest blocks first, tables from a pool. */
#include <err.h>

#include <arch/lpae.h>

#define LEVEL_SHIFT(level) (39 - 9 * (level)) /* 1: 30, 2: 21, 3: 12 */
#define VA_LIMIT	   (1ull << 32)
#define PA_LIMIT	   (1ull << 40)

/* The table a table descriptor points to. */
static struct lpae_table *next_table(const struct lpae_alloc *pool, lpae_t desc)
{
	return pool->table(pool, desc & LPAE_ADDR_MASK);
}

static bool is_table(lpae_t desc, int level)
{
	return level < 3 && (desc & (LPAE_VALID | LPAE_TABLE)) == (LPAE_VALID | LPAE_TABLE);
}

/* The table below @entry, made if the entry is empty; NULL with @err set if not. */
static struct lpae_table *descend(struct lpae_alloc *pool, lpae_t *entry, int *err)
{
	if (*entry & LPAE_VALID) {
		struct lpae_table *t = next_table(pool, *entry);

		*err = t && (*entry & LPAE_TABLE) ? ERR_NONE : ERR_EXISTS;
		return *err ? NULL : t;
	}
	struct lpae_table *t = pool->alloc(pool);

	if (!t) {
		*err = ERR_NO_MEMORY;
		return NULL;
	}
	*entry = pool->pa(pool, t) | LPAE_TABLE | LPAE_VALID;
	return t;
}

static int map_level(struct lpae_alloc *pool, struct lpae_table *table, int level, uint64_t va,
		     paddr_t pa, uint64_t size, uint64_t attrs)
{
	uint64_t block = 1ull << LEVEL_SHIFT(level);

	while (size) {
		lpae_t *entry = &table->e[(va >> LEVEL_SHIFT(level)) % LPAE_ENTRIES];
		uint64_t chunk = block - (va & (block - 1));
		int err = ERR_NONE;

		if (chunk > size)
			chunk = size;
		if (chunk == block && IS_ALIGNED(pa, block)) {
			if (*entry & LPAE_VALID)
				return ERR_EXISTS;
			*entry = pa | attrs | LPAE_VALID | (level == 3 ? LPAE_TABLE : 0);
		} else {
			struct lpae_table *next = descend(pool, entry, &err);

			if (!next)
				return err;
			err = map_level(pool, next, level + 1, va, pa, chunk, attrs);
			if (err)
				return err;
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return ERR_NONE;
}

int lpae_map(struct lpae_alloc *pool, struct lpae_table *root, uint64_t va, paddr_t pa,
	     uint64_t size, uint64_t attrs)
{
	if (!size || !IS_ALIGNED(va | pa | size, LPAE_PAGE_SIZE) || va + size > VA_LIMIT ||
	    pa + size > PA_LIMIT || (attrs & ~LPAE_ATTR_MASK))
		return ERR_INVALID;
	return map_level(pool, root, 1, va, pa, size, attrs);
}

bool lpae_lookup(const struct lpae_alloc *pool, const struct lpae_table *root, uint64_t va,
		 paddr_t *pa, uint64_t *attrs, uint64_t *block)
{
	const struct lpae_table *table = root;

	for (int level = 1; level <= 3 && table && va < VA_LIMIT; level++) {
		lpae_t desc = table->e[(va >> LEVEL_SHIFT(level)) % LPAE_ENTRIES];
		uint64_t size = 1ull << LEVEL_SHIFT(level);

		if (!(desc & LPAE_VALID))
			return false;
		if (is_table(desc, level)) {
			table = next_table(pool, desc);
			continue;
		}
		if (level == 3 && !(desc & LPAE_TABLE))
			return false; /* reserved encoding */
		*pa = (desc & LPAE_ADDR_MASK & ~(size - 1)) | (va & (size - 1));
		*attrs = desc & LPAE_ATTR_MASK;
		*block = size;
		return true;
	}
	return false;
}
