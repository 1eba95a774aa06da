/* SPDX-License-Identifier: MIT */
/* Counting semaphores: take blocks (with a timeout) while the count is zero. */
#pragma once

#include <rtos/time.h>
#include <rtos/wait.h>

struct sem {
	unsigned count;
	unsigned max;
	struct waitq waiters;
};

/** sem_init() - a semaphore holding @count of at most @max. */
void sem_init(struct sem *s, unsigned count, unsigned max);

/**
 * sem_take() - take one, waiting at most @timeout ticks.
 * Errors: -RTOS_EAGAIN (RTOS_NO_WAIT and none left), -RTOS_ETIMEDOUT.
 */
int sem_take(struct sem *s, rtime_t timeout);

/**
 * sem_give() - give one: to the most urgent waiter (which runs at once if it
 * is more urgent than the caller), or to the count. Errors: -RTOS_EOVERFLOW.
 */
int sem_give(struct sem *s);

/** sem_give_isr() - sem_give() from an interrupt handler: a switch waits for its end. */
int sem_give_isr(struct sem *s);
