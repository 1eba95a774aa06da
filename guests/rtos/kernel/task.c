// SPDX-License-Identifier: MIT
/* Tasks: creation, sleeping, yielding, ending; the idle task. */
#include <rtos/arch.h>
#include <rtos/err.h>
#include <rtos/mutex.h>
#include <rtos/sched.h>
#include <rtos/task.h>

#define STACK_CANARY 0x5a5aa5a5u

static struct task idle_task;
TASK_STACK(idle_stack, TASK_STACK_MIN);

static void idle_entry(void *arg)
{
	for (;;)
		arch_idle();
}

void rtos_init(void)
{
	sched_init();
	task_create(&idle_task, "idle", RTOS_PRIO_IDLE, idle_entry, NULL, idle_stack,
		    sizeof(idle_stack));
}

int task_create(struct task *t, const char *name, unsigned prio, void (*entry)(void *), void *arg,
		void *stack, size_t size)
{
	unsigned long flags;

	if (prio > RTOS_PRIO_MAX || size < TASK_STACK_MIN)
		return -RTOS_EINVAL;
	*t = (struct task){.prio = prio,
			   .base_prio = prio,
			   .name = name,
			   .entry = entry,
			   .arg = arg,
			   .stack = stack};
	list_init(&t->held);
	timer_init(&t->timeout);
	t->stack[0] = STACK_CANARY;
	arch_task_init(t, (char *)stack + size);
	flags = arch_irq_save();
	sched_ready(t);
	sched_reschedule();
	arch_irq_restore(flags);
	return 0;
}

struct task *task_self(void)
{
	return sched_current();
}

void task_sleep_until(rtime_t deadline)
{
	unsigned long flags = arch_irq_save();
	struct task *t = sched_current();

	if (deadline > rtos_now()) {
		sched_unready(t);
		t->state = TASK_SLEEPING;
		sched_add_timeout(t, deadline);
		sched_reschedule();
	}
	arch_irq_restore(flags);
}

void task_sleep(rtime_t ticks)
{
	rtime_t now = rtos_now();

	task_sleep_until(ticks >= RTIME_NEVER - now ? RTIME_NEVER : now + ticks);
}

void task_yield(void)
{
	unsigned long flags = arch_irq_save();

	sched_rotate();
	sched_reschedule();
	arch_irq_restore(flags);
}

void task_kill(struct task *t)
{
	struct mutex *m = t->blocked_on;

	if (t->state == TASK_READY)
		sched_unready(t);
	if (t->state == TASK_BLOCKED)
		list_del(&t->node);
	timerq_remove(&t->timeout);
	t->state = TASK_DEAD;
	t->waitq = NULL;
	t->blocked_on = NULL;
	if (m)
		mutex_waiter_left(m);
}

void task_exit(void)
{
	arch_irq_save();
	task_kill(sched_current());
	sched_reschedule();
	__builtin_unreachable();
}

int task_stack_intact(const struct task *t)
{
	return t->stack[0] == STACK_CANARY;
}
