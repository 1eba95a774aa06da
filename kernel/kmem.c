// SPDX-License-Identifier: MIT
/* Kernel memory pools: donated pages split into power-of-two blocks. */
#include <atomic.h>
#include <compiler.h>
#include <err.h>
#include <kmem.h>

#include <shared/string.h>

struct kmem_block {
	struct kmem_block *next;
};

/* Bytes in live blocks of every pool (atomic): what `cella soak` compares. */
static uint32_t in_use;

void kmem_pool_init(struct kmem_pool *pool)
{
	memset(pool, 0, sizeof(*pool));
}

static unsigned int class_of(size_t size)
{
	unsigned int c = 0;

	while (((size_t)1 << (c + KMEM_MIN_SHIFT)) < size)
		c++;
	return c;
}

static void push(struct kmem_pool *pool, unsigned int c, void *p)
{
	struct kmem_block *b = p;

	b->next = pool->free[c];
	pool->free[c] = b;
}

int kmem_donate(struct kmem_pool *pool, void *base, size_t size)
{
	uintptr_t start = (uintptr_t)base;

	if (!size || start % KMEM_PAGE || size % KMEM_PAGE || start + size < start)
		return ERR_INVALID;
	spin_lock(&pool->lock);
	for (uintptr_t p = start + size; p > start; p -= KMEM_PAGE)
		push(pool, KMEM_CLASSES - 1, (void *)(p - KMEM_PAGE));
	pool->donated += size;
	spin_unlock(&pool->lock);
	return ERR_NONE;
}

/* A free block of class @c, splitting a larger one if needed; NULL if none. */
static void *take(struct kmem_pool *pool, unsigned int c)
{
	unsigned int big = c;

	while (big < KMEM_CLASSES && !pool->free[big])
		big++;
	if (big == KMEM_CLASSES)
		return NULL;
	struct kmem_block *b = pool->free[big];

	pool->free[big] = b->next;
	/* Split: keep the lower half, free the upper halves down to class c. */
	while (big > c) {
		big--;
		push(pool, big, (char *)b + ((size_t)1 << (big + KMEM_MIN_SHIFT)));
	}
	return b;
}

void *kmem_alloc(struct kmem_pool *pool, size_t size)
{
	if (!size || size > KMEM_PAGE)
		return NULL;
	unsigned int c = class_of(size);
	void *p;

	spin_lock(&pool->lock);
	p = take(pool, c);
	if (p)
		pool->used += 1u << (c + KMEM_MIN_SHIFT);
	spin_unlock(&pool->lock);
	if (p)
		atomic_fetch_add(&in_use, 1u << (c + KMEM_MIN_SHIFT), __ATOMIC_RELAXED);
	return p ? memset(p, 0, (size_t)1 << (c + KMEM_MIN_SHIFT)) : NULL;
}

void kmem_free(struct kmem_pool *pool, void *block, size_t size)
{
	unsigned int c = class_of(size);

	spin_lock(&pool->lock);
	pool->used -= 1u << (c + KMEM_MIN_SHIFT);
	push(pool, c, block);
	spin_unlock(&pool->lock);
	atomic_fetch_sub(&in_use, 1u << (c + KMEM_MIN_SHIFT), __ATOMIC_RELAXED);
}

void kmem_forget(struct kmem_pool *pool)
{
	atomic_fetch_sub(&in_use, READ_ONCE(pool->used), __ATOMIC_RELAXED);
}

uint32_t kmem_in_use(void)
{
	return atomic_load(&in_use, __ATOMIC_RELAXED);
}

uint32_t kmem_available(const struct kmem_pool *pool)
{
	return READ_ONCE(pool->donated) - READ_ONCE(pool->used);
}
