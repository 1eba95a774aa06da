/* SPDX-License-Identifier: MIT */
/*
 * The per-core scheduler: fixed priorities (0-255), round robin with a
 * time slice among equals, preemption at the tick and whenever a higher
 * priority becomes runnable. Each core schedules only its own threads
 * (those homed on it): no locks, no atomics.
 *
 * The running thread is not in the run queue. The kernel picks the thread
 * to resume at every exit to user level (sched_exit()).
 */
#pragma once

#include <compiler.h>
#include <list.h>
#include <runq.h>
#include <types.h>

#define SCHED_SLICE_TICKS 2 /* time slice, in ticks (CONFIG_HZ, or tick_hz=) */

struct thread;
struct trap_frame;

struct sched {
	struct runq rq;
	struct thread *current; /* running here, or NULL when idle */
	struct list sleepers;	/* sleeping threads, earliest wake-up first */
	bool expired;		/* current used up its slice */
	bool started;		/* sched_start() was called: no current means idle */
	bool tick_off;		/* the core's tick is stopped: nothing needs it (timer.c) */
	bool wake_deferred;	/* a sleeper's time is set aside for a VCPU above it */
	bool idling;		/* in sched_pick()'s wait for work: see sched_ready() */
	uint32_t serial;	/* threads made here so far, for their ids */
};

/** sched_init_cpu() - this core's scheduler, empty. */
void sched_init_cpu(void);

/**
 * sched_ready() - @t may run: queued here if it is homed here (unless
 * suspended, or moving: then it leaves for its new core), else sent home.
 * On a core idle for want of work, a native thread that nothing ready
 * outranks becomes current at once, without the run queue: the idle loop
 * switches to it when the interrupt that woke it is handled.
 */
void sched_ready(struct thread *t);

/**
 * sched_wake() - sched_ready() for a thread that may simply run here:
 * homed here, neither held by another core, suspended, moving nor dying
 * (one compare of run_word); sched_ready() takes any other.
 */
void sched_wake(struct thread *t);

/**
 * sched_ready_released() - sched_ready() for @t, homed here, whose wait
 * another core held and has ended (XOP_READY): that core made it runnable
 * and its holder this core; the caller has cleared held and dealt with
 * dying and stop_on_return. Only what this core may have changed meanwhile
 * (suspended, move_to) is looked at again.
 */
void sched_ready_released(struct thread *t);

/** sched_move() - @t (homed here, not running) leaves for t->move_to now. */
void sched_move(struct thread *t);

/** sched_unready() - take @t out of the run queue and the sleep queue. */
void sched_unready(struct thread *t);

/** sched_sleep_until() - @t (the current thread) sleeps until the counter reaches @when. */
void sched_sleep_until(struct thread *t, ticks_t when);

/** sched_timeout() - call thread_timeout(@t) when the counter reaches @when. */
void sched_timeout(struct thread *t, ticks_t when);

/** sched_cancel_timeout() - forget @t's sleep or timeout, if it has one. */
void sched_cancel_timeout(struct thread *t);

/** sched_yield() - the current thread goes behind its equals. */
void sched_yield(void);

/** sched_tick() - account the tick: wake sleepers, age the slice. Timer interrupt. */
void sched_tick(void);

/**
 * sched_next_wake() - when the deadline timer must next fire for a
 * sleeper: the first one's time, but past those that may not interrupt the
 * VCPU running here (sched.c, may_interrupt()), looking at a bounded
 * number; UINT64_MAX if none. Wakes none.
 */
ticks_t sched_next_wake(void);

/**
 * sched_wants_tick() - whether scheduler @s needs its core's tick: its
 * thread is native, or a VCPU that shares its priority with a ready thread
 * (round robin), or the boot code runs the core; not when it is idle.
 * timer.c asks.
 */
bool sched_wants_tick(const struct sched *s);

/** sched_start() - the scheduler runs this core from now on; once, before its first sched_exit(). */
void sched_start(void);

/** sched_wake_due() - wake the sleepers whose time has come; the next one's time or UINT64_MAX. */
ticks_t sched_wake_due(void);

/** sched_set_prio() - change @t's priority, requeuing it if queued. */
void sched_set_prio(struct thread *t, uint8_t prio);

/**
 * sched_pick() - sched_exit() once thread_keeps_core() said no: the current
 * thread requeued (or gone), the next one picked and switched to.
 */
struct trap_frame *sched_pick(struct sched *s);

/**
 * sched_wait_loaded() - the current thread is a VCPU that waits loaded for
 * its timer (vcpu_waits_loaded()): idle until it has an interrupt to take
 * or another thread must run; the registers to resume, as sched_pick().
 */
struct trap_frame *sched_wait_loaded(struct sched *s);

/**
 * sched_exit() - the thread to resume on leaving the kernel: the current
 * one unless a higher priority is ready or its slice is over. Idles in WFI
 * while nothing is runnable. Returns its saved registers.
 */
struct trap_frame *sched_exit(void);

/* Must be implemented by the architecture: */

/** sched_arch_enter_user() - resume the user context @ctx; never returns. */
__noreturn void sched_arch_enter_user(struct trap_frame *ctx);
