// SPDX-License-Identifier: MIT
/*
 * The scheduler: picks the most urgent ready task, keeps the round-robin
 * slice and programs the one hardware deadline (tickless: the earlier of the
 * first pending timeout and, when the running task has equals, its slice end).
 * A slice starts when its task first shares its level and counts wall time,
 * preemption by more urgent tasks included; it restarts after the task
 * went to the back of its level or blocked.
 */
#include <rtos/arch.h>
#include <rtos/sched.h>
#include <rtos/wait.h>

static struct {
	struct readyq ready;
	struct timerq timers;
	struct task *current; /* NULL until rtos_start() */
	unsigned isr_depth;   /* > 0 inside an interrupt handler */
	rtime_t slice_end;    /* when the running task's slice ends */
	rtime_t programmed;   /* the deadline the hardware timer holds */
	bool fired;	      /* it has fired since: it must be written again */
} sched;

static struct task *task_of(struct list *n)
{
	return n ? list_entry(n, struct task, node) : NULL;
}

void sched_init(void)
{
	readyq_init(&sched.ready);
	timerq_init(&sched.timers);
	sched.current = NULL;
	sched.isr_depth = 0;
	sched.programmed = RTIME_NEVER;
	sched.fired = false;
}

struct task *sched_current(void)
{
	return sched.current;
}

void sched_ready(struct task *t)
{
	t->state = TASK_READY;
	t->slice_end = 0;
	readyq_add_tail(&sched.ready, &t->node, t->prio);
}

void sched_unready(struct task *t)
{
	readyq_remove(&sched.ready, &t->node, t->prio);
}

void sched_set_prio(struct task *t, unsigned prio)
{
	if (t->prio == prio)
		return;
	if (t->state != TASK_READY) {
		t->prio = prio;
		if (t->state == TASK_BLOCKED)
			waitq_requeue(t);
		return;
	}
	readyq_remove(&sched.ready, &t->node, t->prio);
	t->prio = prio;
	/* The running task keeps its place at the head; another goes behind its equals. */
	if (t == sched.current)
		readyq_add_head(&sched.ready, &t->node, prio);
	else
		readyq_add_tail(&sched.ready, &t->node, prio);
}

void sched_rotate(void)
{
	struct task *t = sched.current;

	readyq_remove(&sched.ready, &t->node, t->prio);
	readyq_add_tail(&sched.ready, &t->node, t->prio);
	t->slice_end = 0;
}

static bool slice_matters(void)
{
	struct task *t = sched.current;

	return t && t->state == TASK_READY && readyq_has_peers(&sched.ready, t->prio);
}

static void program_timer(void)
{
	rtime_t deadline = timerq_next(&sched.timers);
	struct task *t = sched.current;

	if (slice_matters()) {
		if (!t->slice_end)
			t->slice_end = arch_now() + rtos_us(RTOS_SLICE_US);
		if (t->slice_end < deadline)
			deadline = t->slice_end;
	}
	if (deadline != sched.programmed || sched.fired) {
		sched.programmed = deadline;
		sched.fired = false;
		arch_timer_set(deadline);
	}
}

static void make_current(struct task *t)
{
	sched.current = t;
	program_timer();
}

void sched_reschedule(void)
{
	struct task *prev = sched.current;
	struct task *next = task_of(readyq_highest(&sched.ready));

	/* Before the start, and in handlers, the switch waits (for rtos_start, the exit). */
	if (!prev || sched.isr_depth)
		return;
	if (next == prev) {
		program_timer();
		return;
	}
	make_current(next);
	arch_switch(&prev->sp, next->sp);
}

void sched_add_timeout(struct task *t, rtime_t deadline)
{
	timerq_add(&sched.timers, &t->timeout, deadline);
}

void sched_timer_expired(rtime_t now)
{
	struct timer *tm;

	/* A level-triggered timer stays asserted until it is written again. */
	sched.fired = true;
	while ((tm = timerq_pop_expired(&sched.timers, now)))
		wait_timeout(list_entry(tm, struct task, timeout));
	if (slice_matters() && sched.current->slice_end && now >= sched.current->slice_end)
		sched_rotate();
}

rtime_t sched_programmed(void)
{
	return sched.programmed;
}

void sched_isr_enter(void)
{
	sched.isr_depth++;
}

bool sched_in_isr(void)
{
	return sched.isr_depth > 0;
}

void *sched_isr_exit(void *sp)
{
	struct task *next = task_of(readyq_highest(&sched.ready));

	sched.isr_depth--;
	if (next == sched.current) {
		program_timer();
		return sp;
	}
	sched.current->sp = sp;
	make_current(next);
	return next->sp;
}

void rtos_start(void)
{
	struct task *first = task_of(readyq_highest(&sched.ready));

	make_current(first);
	arch_start(first->sp);
}
