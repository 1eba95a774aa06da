// SPDX-License-Identifier: MIT
/* Wait queues in priority order, and blocking with a timeout. */
#include <rtos/err.h>
#include <rtos/mutex.h>
#include <rtos/sched.h>
#include <rtos/wait.h>

void waitq_init(struct waitq *q)
{
	list_init(&q->tasks);
}

struct task *waitq_first(const struct waitq *q)
{
	if (list_empty(&q->tasks))
		return NULL;
	return list_entry(q->tasks.next, struct task, node);
}

/* Behind every waiter at least as urgent: FIFO among equals. */
static void insert_by_prio(struct waitq *q, struct task *t)
{
	struct list *pos = q->tasks.next;

	while (pos != &q->tasks && list_entry(pos, struct task, node)->prio >= t->prio)
		pos = pos->next;
	list_insert_before(pos, &t->node);
}

static rtime_t deadline_after(rtime_t timeout)
{
	rtime_t now = rtos_now();

	return timeout >= RTIME_NEVER - now ? RTIME_NEVER : now + timeout;
}

void wait_enqueue(struct waitq *q, rtime_t timeout)
{
	struct task *t = sched_current();
	rtime_t deadline = deadline_after(timeout);

	sched_unready(t);
	t->state = TASK_BLOCKED;
	t->waitq = q;
	t->wait_result = -RTOS_ETIMEDOUT;
	insert_by_prio(q, t);
	if (deadline != RTIME_NEVER)
		sched_add_timeout(t, deadline);
}

int wait_block(struct waitq *q, rtime_t timeout)
{
	struct task *t = sched_current();

	wait_enqueue(q, timeout);
	sched_reschedule();
	return t->wait_result;
}

static void leave_queue(struct task *t, int result)
{
	list_del(&t->node);
	t->waitq = NULL;
	t->wait_result = result;
	sched_ready(t);
}

void wait_wake(struct task *t, int result)
{
	timerq_remove(&t->timeout);
	leave_queue(t, result);
}

struct task *waitq_wake_first(struct waitq *q, int result)
{
	struct task *t = waitq_first(q);

	if (t)
		wait_wake(t, result);
	return t;
}

void waitq_requeue(struct task *t)
{
	list_del(&t->node);
	insert_by_prio(t->waitq, t);
}

void wait_timeout(struct task *t)
{
	struct mutex *m = t->blocked_on;

	if (t->state == TASK_SLEEPING) {
		t->wait_result = 0;
		sched_ready(t);
		return;
	}
	t->blocked_on = NULL;
	leave_queue(t, -RTOS_ETIMEDOUT);
	if (m)
		mutex_waiter_left(m);
}
