/* SPDX-License-Identifier: MIT */
/*
 * Wait queues: tasks blocked on one object, most urgent first (FIFO among
 * equals), each with an optional timeout. Internal to the kernel objects.
 */
#pragma once

#include <rtos/list.h>
#include <rtos/task.h>
#include <rtos/time.h>

struct waitq {
	struct list tasks;
};

/** waitq_init() - an empty queue. */
void waitq_init(struct waitq *q);

/** waitq_first() - the most urgent waiter, or NULL. */
struct task *waitq_first(const struct waitq *q);

/**
 * wait_enqueue() - put the running task in @q (blocked, timeout armed) without
 * switching yet: for callers with more to do before the switch (inheritance).
 */
void wait_enqueue(struct waitq *q, rtime_t timeout);

/**
 * wait_block() - block the running task in @q for at most @timeout ticks
 * (not RTOS_NO_WAIT). Returns what the waker set: 0, or -RTOS_ETIMEDOUT.
 * Interrupts masked; the caller's object state must already say why.
 */
int wait_block(struct waitq *q, rtime_t timeout);

/** wait_wake() - make @t, blocked in a queue, ready with result @result. */
void wait_wake(struct task *t, int result);

/** waitq_wake_first() - wake the most urgent waiter with @result; it, or NULL. */
struct task *waitq_wake_first(struct waitq *q, int result);

/** waitq_requeue() - put @t, blocked in a queue, back in order after a priority change. */
void waitq_requeue(struct task *t);

/** wait_timeout() - @t's timeout expired: wake it with -RTOS_ETIMEDOUT or end its sleep. */
void wait_timeout(struct task *t);
