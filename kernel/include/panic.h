/* SPDX-License-Identifier: MIT */
/* Fatal kernel errors: report on the console and halt this core. */
#pragma once

#include <compiler.h>

/**
 * panic() - print "cella: panic on cpuN: <message>" and halt this core.
 * Only for broken kernel invariants: nothing a user thread does may panic.
 */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#define BUG_ON(cond)                                                           \
	do {                                                                   \
		if (unlikely(cond))                                            \
			panic("%s:%d: BUG_ON(%s)", __FILE__, __LINE__, #cond); \
	} while (0)
