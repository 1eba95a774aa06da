/* SPDX-License-Identifier: MIT */
/*
 * A core's run queue: one FIFO per priority (0 lowest, 255 highest) and a
 * two-level bitmap of the non-empty ones, so the highest ready priority is
 * found with two count-leading-zeros: O(1) whatever the number of threads.
 * Used only by its own core: no locks, no atomics.
 */
#pragma once

#include <list.h>
#include <types.h>

#define PRIO_COUNT 256
#define PRIO_MAX   (PRIO_COUNT - 1)

/* Embedded in whatever is scheduled (a thread). */
struct runq_entry {
	struct list link;
	uint8_t prio;
	bool queued;
};

struct runq {
	int top_prio;			/* the highest non-empty queue, -1 if none */
	uint32_t top;			/* bit w: bits[w] is not zero */
	uint32_t bits[PRIO_COUNT / 32]; /* bit p % 32 of word p / 32: queue[p] not empty */
	struct list queue[PRIO_COUNT];
};

/** runq_init() - an empty run queue. */
void runq_init(struct runq *q);

/** runq_add_tail() - queue @e behind its equals (a new or expired slice). */
void runq_add_tail(struct runq *q, struct runq_entry *e);

/** runq_mark() - priority @prio's queue is not empty (for the functions below). */
static inline void runq_mark(struct runq *q, unsigned int prio)
{
	q->bits[prio / 32] |= 1u << (prio % 32);
	q->top |= 1u << (prio / 32);
	if ((int)prio > q->top_prio)
		q->top_prio = (int)prio;
}

/**
 * runq_add_head() - queue @e before its equals (preempted with slice left).
 * Inline: the scheduler's preemption and its hand-back of a thread woken on
 * an idle core (sched.c) both take it, and it is no longer than a call.
 */
static inline void runq_add_head(struct runq *q, struct runq_entry *e)
{
	list_add_head(&q->queue[e->prio], &e->link);
	e->queued = true;
	runq_mark(q, e->prio);
}

/** runq_remove() - take @e out of the queue; it must be queued. */
void runq_remove(struct runq *q, struct runq_entry *e);

/** runq_highest() - the first entry of the highest non-empty priority, or NULL. */
struct runq_entry *runq_highest(const struct runq *q);

/**
 * runq_top_prio() - the highest queued priority, or -1 if the queue is
 * empty. Kept up to date by every change, so each kernel exit that asks
 * whether the current thread stays pays one load, not the bitmap's search.
 */
static inline int runq_top_prio(const struct runq *q)
{
	return q->top_prio;
}
