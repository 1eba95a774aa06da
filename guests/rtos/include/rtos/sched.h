/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: preemptive, fixed priority, round robin among equals with
 * a time slice, tickless. The running task stays at the head of its level
 * in the ready queue. Internal to the kernel: applications use task.h.
 * Every function here runs with interrupts masked.
 */
#pragma once

#include <stdbool.h>

#include <rtos/task.h>
#include <rtos/time.h>
#include <rtos/timerq.h>

#define RTOS_SLICE_US 2000 /* round-robin slice */

/** sched_init() - no tasks, no timeouts, not started. */
void sched_init(void);

/** sched_current() - the running task. */
struct task *sched_current(void);

/** sched_ready() - @t becomes ready (tail of its level); no switch yet. */
void sched_ready(struct task *t);

/** sched_unready() - take @t out of the ready queue (it blocks, sleeps or dies). */
void sched_unready(struct task *t);

/** sched_set_prio() - give @t effective priority @prio, requeueing it where it waits. */
void sched_set_prio(struct task *t, unsigned prio);

/** sched_rotate() - move the running task behind its equals (yield, slice end). */
void sched_rotate(void);

/**
 * sched_reschedule() - run the most urgent ready task: switch now in a task,
 * or at the end of the interrupt in an interrupt handler.
 */
void sched_reschedule(void);

/** sched_add_timeout() - arm @t's timeout for @deadline. */
void sched_add_timeout(struct task *t, rtime_t deadline);

/** sched_timer_expired() - the timer interrupt at @now: wake tasks whose time came. */
void sched_timer_expired(rtime_t now);

/** sched_programmed() - the deadline the hardware timer is set to, or RTIME_NEVER. */
rtime_t sched_programmed(void);

/** sched_isr_enter() - an interrupt handler begins. */
void sched_isr_enter(void);

/** sched_in_isr() - true inside an interrupt handler. */
bool sched_in_isr(void);

/**
 * sched_isr_exit() - an interrupt handler ends; @sp is the interrupted task's
 * saved frame. Returns the frame to resume: @sp, or another task's.
 */
void *sched_isr_exit(void *sp);
