/* SPDX-License-Identifier: MIT */
/*
 * Kernel memory pools. There is no kernel heap: user level donates pages
 * of RAM to a pool (an address space's kernel-memory quota), and the
 * kernel creates that space's objects in them. A pool that runs dry fails
 * the creation with ERR_NO_MEMORY; no other pool is touched, so one space
 * exhausting its quota cannot affect another.
 *
 * Blocks are power-of-two sized (KMEM_MIN to KMEM_PAGE) and aligned to
 * their size; a freed block goes back to its pool's list for its size.
 * A space's threads may run on several cores, so a pool has a lock; only
 * those cores take it, and only to create or destroy objects.
 */
#pragma once

#include <spinlock.h>
#include <types.h>

#include <uapi/cella/memory.h>

#define KMEM_PAGE	PAGE_SIZE
#define KMEM_MIN_SHIFT	5 /* 32-byte blocks */
#define KMEM_PAGE_SHIFT 12
_Static_assert(KMEM_PAGE == 1u << KMEM_PAGE_SHIFT, "the largest block is a page");
#define KMEM_CLASSES (KMEM_PAGE_SHIFT - KMEM_MIN_SHIFT + 1)

struct kmem_block;

struct kmem_pool {
	struct spinlock lock;		       /* guards everything below */
	struct kmem_block *free[KMEM_CLASSES]; /* free blocks by size class */
	uint32_t donated;		       /* bytes given to the pool */
	uint32_t used;			       /* bytes in live objects */
};

/** kmem_pool_init() - an empty pool. */
void kmem_pool_init(struct kmem_pool *pool);

/**
 * kmem_donate() - add [@base, @base + @size) to @pool. @base and @size
 * must be page-aligned; returns ERR_INVALID otherwise.
 */
int kmem_donate(struct kmem_pool *pool, void *base, size_t size);

/** kmem_alloc() - a zeroed block of at least @size bytes, or NULL. */
void *kmem_alloc(struct kmem_pool *pool, size_t size);

/** kmem_free() - return a block that kmem_alloc(@pool, @size) gave. */
void kmem_free(struct kmem_pool *pool, void *block, size_t size);

/**
 * kmem_forget() - @pool's memory goes back whole (its space went): its
 * blocks still in use (tables, records) leave the count of kmem_in_use().
 */
void kmem_forget(struct kmem_pool *pool);

/** kmem_in_use() - bytes in blocks given out and not freed, over all pools. */
uint32_t kmem_in_use(void);

/** kmem_available() - bytes not in live objects (some may be split into small blocks). */
uint32_t kmem_available(const struct kmem_pool *pool);
