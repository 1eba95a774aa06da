// SPDX-License-Identifier: MIT
/* Time in counter ticks, and conversions to and from microseconds and nanoseconds. */
#include <rtos/arch.h>
#include <rtos/time.h>

rtime_t rtos_now(void)
{
	return arch_now();
}

uint32_t rtos_ticks_per_sec(void)
{
	return arch_ticks_per_sec();
}

rtime_t rtos_us(uint32_t us)
{
	return (rtime_t)us * arch_ticks_per_sec() / 1000000u;
}

uint64_t rtos_ticks_to_ns(rtime_t ticks)
{
	uint32_t hz = arch_ticks_per_sec();

	return ticks / hz * 1000000000u + ticks % hz * 1000000000u / hz;
}
