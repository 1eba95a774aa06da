/* SPDX-License-Identifier: MIT */
/*
 * Time at user level on ARMv5: the kernel's clock, SP804 timer 0, whose
 * registers every space may read at USER_CLOCK_ADDR (<cella/layout.h>). It
 * counts down from 2^32 - 1 at 1 MHz, so the count is 32 bits: it wraps
 * every 71 minutes (a delta across a wrap is wrong once).
 */
#pragma once

#include <cella/layout.h>

/** counter_now() - the clock's count, going up. */
static inline unsigned long long counter_now(void)
{
	return ~*(volatile const unsigned int *)(USER_CLOCK_ADDR + USER_CLOCK_VALUE);
}

/** counter_frequency() - counts per second. */
static inline unsigned int counter_frequency(void)
{
	return USER_CLOCK_HZ;
}
