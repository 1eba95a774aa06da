// SPDX-License-Identifier: MIT
/* Counting semaphores. */
#include <rtos/arch.h>
#include <rtos/err.h>
#include <rtos/sched.h>
#include <rtos/sem.h>

void sem_init(struct sem *s, unsigned count, unsigned max)
{
	s->count = count;
	s->max = max;
	waitq_init(&s->waiters);
}

int sem_take(struct sem *s, rtime_t timeout)
{
	unsigned long flags = arch_irq_save();
	int ret = 0;

	if (s->count)
		s->count--;
	else if (timeout == RTOS_NO_WAIT)
		ret = -RTOS_EAGAIN;
	else
		ret = wait_block(&s->waiters, timeout);
	arch_irq_restore(flags);
	return ret;
}

/* To the first waiter, or to the count. */
static int post(struct sem *s)
{
	if (waitq_wake_first(&s->waiters, 0))
		return 0;
	if (s->count >= s->max)
		return -RTOS_EOVERFLOW;
	s->count++;
	return 0;
}

int sem_give(struct sem *s)
{
	unsigned long flags = arch_irq_save();
	int ret = post(s);

	sched_reschedule();
	arch_irq_restore(flags);
	return ret;
}

int sem_give_isr(struct sem *s)
{
	unsigned long flags = arch_irq_save();
	int ret = post(s);

	arch_irq_restore(flags);
	return ret;
}
