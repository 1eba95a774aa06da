// SPDX-License-Identifier: MIT
/* The O(1) ready queue: a FIFO per priority and a bitmap of non-empty levels. */
#include <rtos/readyq.h>

void readyq_init(struct readyq *q)
{
	q->bitmap = 0;
	for (unsigned p = 0; p < RTOS_PRIOS; p++)
		list_init(&q->level[p]);
}

void readyq_add_tail(struct readyq *q, struct list *n, unsigned prio)
{
	list_add_tail(&q->level[prio], n);
	q->bitmap |= 1u << prio;
}

void readyq_add_head(struct readyq *q, struct list *n, unsigned prio)
{
	list_add_head(&q->level[prio], n);
	q->bitmap |= 1u << prio;
}

void readyq_remove(struct readyq *q, struct list *n, unsigned prio)
{
	list_del(n);
	if (list_empty(&q->level[prio]))
		q->bitmap &= ~(1u << prio);
}

struct list *readyq_highest(const struct readyq *q)
{
	if (!q->bitmap)
		return NULL;
	return q->level[31 - __builtin_clz(q->bitmap)].next;
}

bool readyq_has_peers(const struct readyq *q, unsigned prio)
{
	const struct list *l = &q->level[prio];

	return !list_empty(l) && l->next->next != l;
}
