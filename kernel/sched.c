// SPDX-License-Identifier: MIT
/* Per-core scheduling: pick at every kernel exit, tick accounting, sleeping. */
#include <atomic.h>
#include <cpu.h>
#include <irq.h>
#include <sched.h>
#include <space.h>
#include <thread.h>
#include <timer.h>
#include <vcpu.h>
#include <xcall.h>

#define SLEEP_SCAN 8 /* sleepers sched_next_wake() looks at, at most */

static struct sched *here(void)
{
	return &this_cpu()->sched;
}

void sched_init_cpu(void)
{
	struct sched *s = here();

	runq_init(&s->rq);
	list_init(&s->sleepers);
	s->current = NULL;
}

/* @t joins the run queue behind its equals. */
static __noinline void queue(struct sched *s, struct thread *t)
{
	runq_add_tail(&s->rq, &t->rq);
	if (unlikely(s->tick_off)) /* a VCPU's peer: round robin again */
		timer_tick_update();
}

/*
 * @t, ready, joins the run queue; or becomes current at once if the core
 * idles in sched_pick() and nothing ready outranks it (a VCPU is loaded by
 * the switch, so it always queues). What the rest of the interrupt does to
 * it (suspends, moves, outranks, destroys it) keep_current() sees then, as
 * for any current thread; the switch to it starts a stopped tick.
 */
static __always_inline void enqueue(struct sched *s, struct thread *t)
{
	if (unlikely(s->idling) && !t->vcpu && runq_top_prio(&s->rq) < t->rq.prio) {
		s->idling = false; /* one thread only: the next one made ready queues */
		s->current = t;
		return;
	}
	queue(s, t);
}

void sched_ready(struct thread *t)
{
	struct sched *s = here();

	t->state = THREAD_RUNNABLE;
	if (unlikely(!thread_here(t))) {
		xcall_ready(t); /* its wait was held here: send it home */
		return;
	}
	t->held = false;
	t->holder = (uint8_t)this_cpu()->id;
	if (unlikely(t->dying)) { /* its last reference went while it waited */
		thread_finish(t);
		return;
	}
	if (unlikely(t->move_to != CPU_NONE) && t != s->current) {
		sched_move(t);
		return;
	}
	if (t->suspended || t == s->current || t->rq.queued)
		return;
	enqueue(s, t);
}

/* @t, here and free to run, waits for the core unless it has it already. */
static inline void ready_here(struct sched *s, struct thread *t)
{
	if (t != s->current && !t->rq.queued)
		enqueue(s, t);
}

void sched_wake(struct thread *t)
{
	struct cpu *cpu = this_cpu();

	if (unlikely(t->obj.home != cpu->id)) {
		sched_ready(t); /* sent home */
		return;
	}
	t->state = THREAD_RUNNABLE;
	if (unlikely(t->run_word != THREAD_RUNS_HERE || t->dying)) {
		sched_ready(t);
		return;
	}
	t->holder = (uint8_t)cpu->id;
	ready_here(&cpu->sched, t);
}

void sched_ready_released(struct thread *t)
{
	if (unlikely(t->run_word != THREAD_RUNS_HERE)) { /* suspended or moving meanwhile */
		sched_ready(t);
		return;
	}
	ready_here(here(), t);
}

void sched_move(struct thread *t)
{
	cpuid_t dst = t->move_to;
	struct thread *c = t->caller;

	t->move_to = CPU_NONE;
	if (c) { /* the caller waiting for its reply is held where t replies from */
		if (thread_here(c))
			c->held = true;
		atomic_store(&c->holder, (uint8_t)dst, __ATOMIC_RELEASE); /* as in sent() */
	}
	if (t->rq.queued)
		runq_remove(&here()->rq, &t->rq);
	xcall_ship(t, dst);
}

void sched_unready(struct thread *t)
{
	if (t->rq.queued)
		runq_remove(&here()->rq, &t->rq);
	sched_cancel_timeout(t);
}

/*
 * Whether sleeper @t's time should interrupt this core. Not while a VCPU
 * above it runs here, if @t only sleeps or is a VCPU waiting in WFI: woken,
 * it could not preempt that VCPU, and its wake-up can wait for the core to
 * change hands (switch_to_highest()). So a guest is not interrupted by the
 * timers of guests below it on its core. An IPC timeout is never put off:
 * it decides what its thread receives.
 */
static bool may_interrupt(const struct sched *s, const struct thread *t)
{
	const struct thread *cur = s->current;

	return !cur || !cur->vcpu || t->rq.prio >= cur->rq.prio ||
	       (t->state != THREAD_SLEEPING && t->state != THREAD_BLOCKED_VIRQ);
}

void sched_timeout(struct thread *t, ticks_t when)
{
	struct list *pos = here()->sleepers.next;

	sched_cancel_timeout(t);
	t->wake_at = when;
	t->timed = true;
	while (pos != &here()->sleepers &&
	       list_entry(pos, struct thread, sleep_link)->wake_at <= when)
		pos = pos->next;
	list_insert(pos->prev, pos, &t->sleep_link);
	if (may_interrupt(here(), t))
		timer_wake_at(when);
	else
		here()->wake_deferred = true;
}

void sched_cancel_timeout(struct thread *t)
{
	if (!t->timed)
		return;
	list_remove(&t->sleep_link);
	t->timed = false;
}

void sched_sleep_until(struct thread *t, ticks_t when)
{
	t->state = THREAD_SLEEPING;
	sched_timeout(t, when);
}

void sched_yield(void)
{
	here()->expired = true;
}

static void wake_sleepers(struct sched *s, ticks_t now)
{
	while (!list_empty(&s->sleepers)) {
		struct thread *t = list_entry(s->sleepers.next, struct thread, sleep_link);

		if (t->wake_at > now)
			return;
		sched_cancel_timeout(t);
		thread_timeout(t);
	}
}

ticks_t sched_next_wake(void)
{
	struct sched *s = here();
	unsigned int looked = 0;

	/* At most SLEEP_SCAN looked at: the last one's time then, early if anything. */
	for (struct list *pos = s->sleepers.next; pos != &s->sleepers; pos = pos->next) {
		struct thread *t = list_entry(pos, struct thread, sleep_link);

		if (may_interrupt(s, t) || ++looked == SLEEP_SCAN)
			return t->wake_at;
		s->wake_deferred = true;
	}
	return UINT64_MAX;
}

/* The core changes hands: sleepers put off for the VCPU that had it are due again. */
static __noinline void wake_deferred(struct sched *s)
{
	s->wake_deferred = false;
	wake_sleepers(s, timer_now());
	timer_wake_at(sched_next_wake());
}

ticks_t sched_wake_due(void)
{
	wake_sleepers(here(), timer_now());
	return sched_next_wake();
}

bool sched_wants_tick(const struct sched *s)
{
	const struct thread *cur = s->current;

	if (!cur)
		return !s->started; /* idle, or the boot code's (its self-tests count ticks) */
	return !cur->vcpu || runq_top_prio(&s->rq) == cur->rq.prio;
}

void sched_start(void)
{
	here()->started = true;
}

void sched_tick(void)
{
	struct sched *s = here();

	wake_sleepers(s, timer_now());
	if (s->current && s->current->slice && --s->current->slice == 0)
		s->expired = true;
}

void sched_set_prio(struct thread *t, uint8_t prio)
{
	struct sched *s = here();
	bool queued = t->rq.queued;

	if (queued)
		runq_remove(&s->rq, &t->rq);
	t->rq.prio = prio;
	if (queued)
		runq_add_tail(&s->rq, &t->rq);
	if (unlikely(s->wake_deferred) && t == s->current)
		wake_deferred(s);
	if (unlikely(s->tick_off))
		timer_tick_update();
}

/* Whether the current thread keeps the core; if not, it is queued again. */
static __always_inline bool keep_current(struct sched *s)
{
	struct thread *cur = s->current;

	if (!cur)
		return false;
	if (cur->held || cur->state != THREAD_RUNNABLE || cur->suspended) {
		s->current = NULL;
		return false;
	}
	if (unlikely(cur->move_to != CPU_NONE)) {
		s->current = NULL;
		sched_move(cur);
		return false;
	}
	int top = runq_top_prio(&s->rq);

	if (top < cur->rq.prio || (top == cur->rq.prio && !s->expired)) {
		if (s->expired) /* nobody else wants the core: a fresh slice, or none would end */
			cur->slice = SCHED_SLICE_TICKS;
		return true;
	}
	if (s->expired) {
		cur->slice = SCHED_SLICE_TICKS;
		runq_add_tail(&s->rq, &cur->rq);
	} else {
		runq_add_head(&s->rq, &cur->rq); /* preempted: keeps its place */
	}
	s->current = NULL;
	return false;
}

/* Nothing to run: serve requests put off by the budget, or wait for an interrupt. */
static void idle(void)
{
	/*
	 * WFI with interrupts masked: it still wakes on a pending one (WFI
	 * ignores CPSR.I), which is then handled here, still masked, without
	 * an exception: no frame to save and restore, and the caller looks at
	 * its run queue at once. Enabling first would let an interrupt already
	 * pending be taken before the WFI, ready a thread, and leave the core
	 * asleep until the next one.
	 */
	if (xcall_serve_deferred())
		return;
	cpu_arch_idle();
	irq_handle();
}

/*
 * The thread enqueue() made current may not keep the core after all (the
 * rest of the interrupt outranked, suspended, moved or stopped it): it
 * gives it up as keep_current() would make it. Outranked, it is first of its
 * priority, where it would be had it been queued.
 */
static __noinline void hand_back(struct sched *s, struct thread *t)
{
	s->current = NULL;
	if (t->held || t->state != THREAD_RUNNABLE || t->suspended)
		return;
	if (t->move_to != CPU_NONE)
		sched_move(t);
	else
		runq_add_head(&s->rq, &t->rq);
}

/*
 * No current thread and none ready: idle() until there is one, and take it:
 * the one a wake handed over directly (enqueue()) if it keeps the core,
 * else the first of the highest ready priority. It is current on return.
 */
static __always_inline struct thread *wait_for_work(struct sched *s)
{
	struct runq_entry *e;
	struct thread *t;

	do {
		s->idling = true;
		idle();
		s->idling = false;
		t = s->current;
		if (t) {
			s->expired = false; /* a fresh start, as one taken from the run queue */
			if (likely(thread_keeps_core(s, t)))
				return t;
			hand_back(s, t);
		}
	} while (!(e = runq_highest(&s->rq)));
	runq_remove(&s->rq, e);
	return s->current = list_entry(e, struct thread, rq);
}

/*
 * The first of the highest ready priority becomes current, switched to;
 * true if it is a VCPU that must wait loaded for its timer first.
 */
static __always_inline bool switch_to_highest(struct sched *s)
{
	struct runq_entry *e;
	struct thread *t;
	struct vcpu *v;

	if (unlikely(s->wake_deferred))
		wake_deferred(s);
	e = runq_highest(&s->rq);
	if (likely(e)) {
		runq_remove(&s->rq, e);
		s->current = t = list_entry(e, struct thread, rq);
	} else {
		t = wait_for_work(s);
	}
	if (!t->slice)
		t->slice = SCHED_SLICE_TICKS;
	space_arch_activate(t->space);
	v = t->vcpu;
	if (unlikely(v)) {
		vcpu_enter(t);
		timer_vcpu_switch(); /* the tick stops at once, sleepers below it set aside */
	} else if (unlikely(s->tick_off)) {
		timer_tick_update(); /* a native thread: it starts */
	}
	thread_arch_switch(t);
	return unlikely(v) && vcpu_waits_loaded(t);
}

/*
 * The current thread, a VCPU loaded ahead of its timer, waits for it: the
 * core idles with it loaded until it has an interrupt to take, or another
 * thread must run, or it is gone (idle() may serve its release).
 */
static __noinline void wait_loaded(struct sched *s)
{
	while (s->current && vcpu_waits_loaded(s->current) && thread_keeps_core(s, s->current))
		idle();
}

struct trap_frame *sched_wait_loaded(struct sched *s)
{
	wait_loaded(s);
	return sched_pick(s);
}

struct trap_frame *sched_pick(struct sched *s)
{
	/*
	 * What only the registers hold of the current thread goes into it now,
	 * while it surely exists: waiting in idle() below, this core may destroy
	 * it (a cross-core release), and nothing may touch it after that.
	 */
	if (s->current)
		thread_arch_save(s->current);

	while (!keep_current(s) && unlikely(switch_to_highest(s)))
		wait_loaded(s);
	s->expired = false;
	return &s->current->arch.ctx;
}

struct trap_frame *sched_exit(void)
{
	struct sched *s = here();
	struct thread *cur = s->current;

	if (likely(cur && thread_keeps_core(s, cur)))
		return &cur->arch.ctx;
	return sched_pick(s);
}
