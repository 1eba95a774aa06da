/* SPDX-License-Identifier: MIT */
/*
 * Mutexes with priority inheritance: the owner runs at the priority of its
 * most urgent waiter, transitively through a chain of owners that are
 * themselves blocked on mutexes (at most RTOS_PI_DEPTH links are followed).
 * An unlock hands the mutex straight to the most urgent waiter.
 */
#pragma once

#include <rtos/list.h>
#include <rtos/task.h>
#include <rtos/time.h>
#include <rtos/wait.h>

#define RTOS_PI_DEPTH 8

struct mutex {
	struct task *owner;
	struct list held; /* in the owner's task.held */
	struct waitq waiters;
};

/** mutex_init() - an unlocked mutex. */
void mutex_init(struct mutex *m);

/**
 * mutex_lock() - own @m, waiting at most @timeout ticks. Errors: -RTOS_EAGAIN,
 * -RTOS_ETIMEDOUT, -RTOS_EDEADLK (the caller owns it, or a chain of owners
 * leads back to the caller). Not from interrupt handlers.
 */
int mutex_lock(struct mutex *m, rtime_t timeout);

/** mutex_unlock() - release @m. Errors: -RTOS_EPERM if the caller does not own it. */
int mutex_unlock(struct mutex *m);

/** mutex_waiter_left() - a waiter of @m timed out: lower the owners' inherited priority. */
void mutex_waiter_left(struct mutex *m);
