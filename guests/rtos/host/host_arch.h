/* SPDX-License-Identifier: MIT */
/*
 * The RTOS's arch interface on the host, for unit tests of the portable
 * kernel: time is a variable the test advances, the hardware timer a
 * variable it reads, and a context switch only counts (the test then acts
 * as whichever task the scheduler made current).
 */
#pragma once

#include <setjmp.h>

#include <rtos/time.h>

extern rtime_t host_now;	/* what arch_now() returns */
extern rtime_t host_timer;	/* the last arch_timer_set() deadline */
extern unsigned host_switches;	/* arch_switch() and arch_start() calls */
extern jmp_buf host_start_jump; /* where arch_start() jumps back to */

#define HOST_TICKS_PER_SEC 1000000u /* one tick per microsecond */

/* Start the scheduler from a test: back here once the first task is current. */
#define HOST_START()                          \
	do {                                  \
		if (!setjmp(host_start_jump)) \
			rtos_start();         \
	} while (0)
