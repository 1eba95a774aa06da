// SPDX-License-Identifier: MIT
/* SPSC rings of pointers between two cores; ordering rules in ring.h. */
#include <atomic.h>
#include <ring.h>

void ring_init(struct ring *r)
{
	r->head = r->tail = 0;
	r->cached_head = r->cached_tail = 0;
	for (unsigned int i = 0; i < RING_SLOTS; i++)
		r->slot[i] = NULL;
}

bool ring_empty(struct ring *r)
{
	if (r->cached_head != r->tail)
		return false;
	r->cached_head = atomic_load(&r->head, __ATOMIC_ACQUIRE);
	return r->cached_head == r->tail;
}

uint32_t ring_count(struct ring *r)
{
	/* Pairs with the release store of head in ring_push(). */
	r->cached_head = atomic_load(&r->head, __ATOMIC_ACQUIRE);
	return r->cached_head - r->tail;
}

void *ring_pop(struct ring *r)
{
	uint32_t tail = r->tail;
	void *item;

	if (ring_empty(r))
		return NULL;
	item = r->slot[tail % RING_SLOTS];
	/* Pairs with the acquire load of tail in ring_push(). */
	atomic_store(&r->tail, tail + 1, __ATOMIC_RELEASE);
	return item;
}
