/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for <arch/cpu.h>, for unit tests of portable kernel code:
 * waiting for an event is a yield, and a struct cpu is per thread.
 */
#pragma once

#include <sched.h>
#include <stdint.h>

#define ARCH_KERNEL_MODE "host"

struct cpu;

struct arch_cpu {
	int unused;
};

extern __thread struct cpu *host_this_cpu;

static inline struct cpu *arch_this_cpu(void)
{
	return host_this_cpu;
}

static inline void arch_wait_event(void)
{
	sched_yield();
}

static inline void arch_send_event(void)
{
}
