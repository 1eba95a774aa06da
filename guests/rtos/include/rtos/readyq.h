/* SPDX-License-Identifier: MIT */
/*
 * The ready queue: one FIFO per priority and a bitmap of the non-empty ones,
 * so that adding, removing and finding the most urgent task are O(1)
 * (one count-leading-zeros).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <rtos/list.h>

#define RTOS_PRIOS     32 /* priorities 0 (idle) .. 31 (most urgent) */
#define RTOS_PRIO_IDLE 0
#define RTOS_PRIO_MAX  (RTOS_PRIOS - 1)

struct readyq {
	uint32_t bitmap; /* bit p set: level[p] is not empty */
	struct list level[RTOS_PRIOS];
};

/** readyq_init() - an empty queue. */
void readyq_init(struct readyq *q);

/** readyq_add_tail() - queue @n at priority @prio behind its equals. */
void readyq_add_tail(struct readyq *q, struct list *n, unsigned prio);

/** readyq_add_head() - queue @n at priority @prio before its equals. */
void readyq_add_head(struct readyq *q, struct list *n, unsigned prio);

/** readyq_remove() - take @n, queued at @prio, out. */
void readyq_remove(struct readyq *q, struct list *n, unsigned prio);

/** readyq_highest() - the first entry of the most urgent level, or NULL when empty. */
struct list *readyq_highest(const struct readyq *q);

/** readyq_has_peers() - true if level @prio holds more than one entry. */
bool readyq_has_peers(const struct readyq *q, unsigned prio);
