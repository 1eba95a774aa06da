// SPDX-License-Identifier: MIT
/* Per-core run queue: FIFOs per priority and a two-level bitmap, O(1) pick. */
#include <runq.h>

void runq_init(struct runq *q)
{
	q->top_prio = -1;
	q->top = 0;
	for (unsigned int w = 0; w < PRIO_COUNT / 32; w++)
		q->bits[w] = 0;
	for (unsigned int p = 0; p < PRIO_COUNT; p++)
		list_init(&q->queue[p]);
}

/* The highest non-empty queue by the bitmap: two count-leading-zeros. */
static int search_top(const struct runq *q)
{
	if (!q->top)
		return -1;
	unsigned int w = 31 - __builtin_clz(q->top);

	return (int)(w * 32 + 31 - __builtin_clz(q->bits[w]));
}

void runq_add_tail(struct runq *q, struct runq_entry *e)
{
	list_add_tail(&q->queue[e->prio], &e->link);
	e->queued = true;
	runq_mark(q, e->prio);
}

void runq_remove(struct runq *q, struct runq_entry *e)
{
	unsigned int p = e->prio;

	list_remove(&e->link);
	e->queued = false;
	if (!list_empty(&q->queue[p]))
		return;
	q->bits[p / 32] &= ~(1u << (p % 32));
	if (!q->bits[p / 32])
		q->top &= ~(1u << (p / 32));
	if ((int)p == q->top_prio)
		q->top_prio = search_top(q);
}

struct runq_entry *runq_highest(const struct runq *q)
{
	int p = q->top_prio;

	if (p < 0)
		return NULL;
	return list_entry(q->queue[p].next, struct runq_entry, link);
}
