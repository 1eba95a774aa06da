// SPDX-License-Identifier: MIT
/*
 * Mutexes with transitive priority inheritance. An owner's effective
 * priority is always recomputed from scratch (its base and the first waiter
 * of each mutex it holds), so raising on a new waiter and lowering on a
 * timeout or an unlock are the same walk along the chain of owners.
 */
#include <rtos/arch.h>
#include <rtos/err.h>
#include <rtos/mutex.h>
#include <rtos/sched.h>

void mutex_init(struct mutex *m)
{
	m->owner = NULL;
	list_init(&m->held);
	waitq_init(&m->waiters);
}

static unsigned effective_prio(const struct task *t)
{
	unsigned prio = t->base_prio;

	for (struct list *n = t->held.next; n != &t->held; n = n->next) {
		struct task *w = waitq_first(&list_entry(n, struct mutex, held)->waiters);

		if (w && w->prio > prio)
			prio = w->prio;
	}
	return prio;
}

/* Follow owners from @m while their priority changes, at most RTOS_PI_DEPTH links. */
static void chain_update(struct mutex *m)
{
	for (unsigned depth = 0; m && m->owner && depth < RTOS_PI_DEPTH; depth++) {
		struct task *owner = m->owner;
		unsigned prio = effective_prio(owner);

		if (prio == owner->prio)
			return;
		sched_set_prio(owner, prio);
		m = owner->blocked_on;
	}
}

static bool chain_leads_to(const struct mutex *m, const struct task *t)
{
	for (unsigned depth = 0; m && m->owner && depth < RTOS_PI_DEPTH; depth++) {
		if (m->owner == t)
			return true;
		m = m->owner->blocked_on;
	}
	return false;
}

static void take(struct mutex *m, struct task *t)
{
	m->owner = t;
	list_add_tail(&t->held, &m->held);
}

static int lock_contended(struct mutex *m, struct task *t, rtime_t timeout)
{
	if (chain_leads_to(m, t))
		return -RTOS_EDEADLK;
	if (timeout == RTOS_NO_WAIT)
		return -RTOS_EAGAIN;
	wait_enqueue(&m->waiters, timeout);
	t->blocked_on = m;
	chain_update(m);
	sched_reschedule();
	return t->wait_result;
}

int mutex_lock(struct mutex *m, rtime_t timeout)
{
	unsigned long flags = arch_irq_save();
	struct task *t = sched_current();
	int ret = 0;

	if (m->owner)
		ret = lock_contended(m, t, timeout);
	else
		take(m, t);
	arch_irq_restore(flags);
	return ret;
}

int mutex_unlock(struct mutex *m)
{
	unsigned long flags = arch_irq_save();
	struct task *t = sched_current();
	struct task *next;

	if (m->owner != t) {
		arch_irq_restore(flags);
		return -RTOS_EPERM;
	}
	list_del(&m->held);
	m->owner = NULL;
	next = waitq_first(&m->waiters);
	if (next) {
		next->blocked_on = NULL;
		wait_wake(next, 0);
		take(m, next);
		sched_set_prio(next, effective_prio(next));
	}
	sched_set_prio(t, effective_prio(t));
	sched_reschedule();
	arch_irq_restore(flags);
	return 0;
}

void mutex_waiter_left(struct mutex *m)
{
	chain_update(m);
}
