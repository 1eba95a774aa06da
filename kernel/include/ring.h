/* SPDX-License-Identifier: MIT */
/*
 * Single-producer/single-consumer rings of pointers: one per ordered pair
 * of cores, carrying cross-core requests (kernel/smp/xcall.c). Portable:
 * the host tests drive the same code with real threads.
 *
 * Ownership and ordering:
 * - head and the slots are written only by the producer; tail only by the
 *   consumer. Each side keeps a private copy of the other's index
 *   (cached_tail, cached_head) on its own line, so it reads the shared one
 *   only when its copy says full or empty.
 * - ring_push() writes the slot, then stores head with release;
 *   ring_pop() (or ring_count()) loads head with acquire before reading the slot. That pair
 *   makes the slot, and everything the producer wrote before pushing it,
 *   visible to the consumer.
 * - ring_pop() reads the slot, then stores tail with release; ring_push()
 *   loads tail with acquire before reusing a slot. That pair keeps the
 *   producer from overwriting a slot the consumer has not read yet.
 * Indices run freely (uint32_t, wrapping); head - tail is the fill level.
 */
#pragma once

#include <atomic.h>
#include <compiler.h>
#include <config.h>
#include <types.h>

#define RING_SLOTS 32 /* a power of two */

struct ring {
	/* Producer's line: written only by the producer. */
	uint32_t head __aligned(CACHE_LINE); /* next slot to fill (release) */
	uint32_t cached_tail;		     /* producer's copy of tail */
	/* Consumer's line: written only by the consumer. */
	uint32_t tail __aligned(CACHE_LINE); /* next slot to take (release) */
	uint32_t cached_head;		     /* consumer's copy of head */
	/* Written by the producer before head moves past them. */
	void *slot[RING_SLOTS] __aligned(CACHE_LINE);
};

/** ring_init() - an empty ring. Before either side uses it. */
void ring_init(struct ring *r);

/**
 * ring_push() - append @item (not NULL). Producer only. False if the ring
 * is full. Inline: a cross-core request pays for no call (xcall_send()).
 */
static inline bool ring_push(struct ring *r, void *item)
{
	uint32_t head = r->head; /* our own index: no ordering needed */

	if (head - r->cached_tail == RING_SLOTS) {
		/* Pairs with the release store of tail in ring_pop(). */
		r->cached_tail = atomic_load(&r->tail, __ATOMIC_ACQUIRE);
		if (head - r->cached_tail == RING_SLOTS)
			return false;
	}
	r->slot[head % RING_SLOTS] = item;
	/* Pairs with the acquire load of head in ring_pop()/ring_empty(). */
	atomic_store(&r->head, head + 1, __ATOMIC_RELEASE);
	return true;
}

/** ring_pop() - the oldest item, or NULL if the ring is empty. Consumer only. */
void *ring_pop(struct ring *r);

/**
 * ring_count() - how many items the consumer may pop now (more may come).
 * Consumer only. The pops of that many then find them without another look
 * at head.
 */
uint32_t ring_count(struct ring *r);

/** ring_empty() - whether the consumer would find nothing now. Consumer only. */
bool ring_empty(struct ring *r);
