/* SPDX-License-Identifier: MIT */
/*
 * Time: absolute instants and relative timeouts in counter ticks of the ARM
 * generic timer (CNTVCT; 62.5 MHz on vexpress, CNTFRQ says).
 */
#pragma once

#include <stdint.h>

typedef uint64_t rtime_t;

#define RTOS_NO_WAIT ((rtime_t)0)	   /* a timeout: fail at once with -RTOS_EAGAIN */
#define RTOS_FOREVER ((rtime_t)UINT64_MAX) /* a timeout: wait without a limit */
#define RTIME_NEVER  ((rtime_t)UINT64_MAX) /* an instant that never comes */

/** rtos_now() - the current instant. */
rtime_t rtos_now(void);

/** rtos_ticks_per_sec() - the counter's frequency. */
uint32_t rtos_ticks_per_sec(void);

/** rtos_us() - @us microseconds in ticks. */
rtime_t rtos_us(uint32_t us);

/** rtos_ticks_to_ns() - @ticks in nanoseconds. */
uint64_t rtos_ticks_to_ns(rtime_t ticks);
