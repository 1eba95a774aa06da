/* SPDX-License-Identifier: MIT */
/*
 * The virtual timer's interrupt (the scheduler's one deadline) and the
 * interrupt latency it measures: from the instant the counter reached the
 * compare value to the IRQ vector's entry stamp.
 */
#pragma once

#include <stdint.h>

struct latency {
	uint64_t count;
	uint64_t min, max, sum; /* counter ticks */
};

/** vtimer_init() - take the virtual timer's interrupt @irq (PPI 27 on the GIC). */
void vtimer_init(unsigned irq);

/** vtimer_stamp() - the counter at the IRQ vector, for the latency measurement. */
void vtimer_stamp(uint64_t stamp);

/** vtimer_latency() - a copy of the latency figures so far. */
struct latency vtimer_latency(void);
