/* SPDX-License-Identifier: MIT */
/*
 * The timer queue: pending deadlines in ascending order (equal deadlines in
 * the order they were added). Insertion walks the queue, O(n) in the number
 * of pending timers (one per task at most); the next deadline is O(1).
 */
#pragma once

#include <stdbool.h>

#include <rtos/list.h>
#include <rtos/time.h>

struct timer {
	struct list node; /* in timerq.pending while armed */
	rtime_t deadline;
};

struct timerq {
	struct list pending;
};

/** timerq_init() - an empty queue. */
void timerq_init(struct timerq *q);

/** timer_init() - a disarmed timer. */
void timer_init(struct timer *t);

/** timer_armed() - true while @t is in a queue. */
bool timer_armed(const struct timer *t);

/** timerq_add() - arm @t for @deadline (@t must be disarmed). */
void timerq_add(struct timerq *q, struct timer *t, rtime_t deadline);

/** timerq_remove() - disarm @t if it is armed. */
void timerq_remove(struct timer *t);

/** timerq_next() - the earliest deadline, or RTIME_NEVER when empty. */
rtime_t timerq_next(const struct timerq *q);

/** timerq_pop_expired() - disarm and return the earliest timer due at @now, or NULL. */
struct timer *timerq_pop_expired(struct timerq *q, rtime_t now);
