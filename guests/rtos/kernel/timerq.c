// SPDX-License-Identifier: MIT
/* The timer queue: armed timers sorted by deadline. */
#include <rtos/timerq.h>

void timerq_init(struct timerq *q)
{
	list_init(&q->pending);
}

void timer_init(struct timer *t)
{
	list_init(&t->node);
	t->deadline = RTIME_NEVER;
}

bool timer_armed(const struct timer *t)
{
	return !list_empty(&t->node);
}

void timerq_add(struct timerq *q, struct timer *t, rtime_t deadline)
{
	struct list *pos = q->pending.next;

	t->deadline = deadline;
	/* After every timer due at or before @deadline: equal deadlines stay FIFO. */
	while (pos != &q->pending && list_entry(pos, struct timer, node)->deadline <= deadline)
		pos = pos->next;
	list_insert_before(pos, &t->node);
}

void timerq_remove(struct timer *t)
{
	list_del(&t->node);
}

rtime_t timerq_next(const struct timerq *q)
{
	if (list_empty(&q->pending))
		return RTIME_NEVER;
	return list_entry(q->pending.next, struct timer, node)->deadline;
}

struct timer *timerq_pop_expired(struct timerq *q, rtime_t now)
{
	struct timer *t;

	if (timerq_next(q) > now)
		return NULL;
	t = list_entry(q->pending.next, struct timer, node);
	list_del(&t->node);
	return t;
}
