/* SPDX-License-Identifier: MIT */
/*
 * ARMv5 side of the per-core data. One core: its struct cpu is found at a
 * fixed address (armv5_cpu, set once at boot), one load. Interrupt masking,
 * waiting, and the core's ID.
 */
#pragma once

#include <types.h>

#include <arch/cp15.h>
#include <arch/irqflags.h>

#define ARCH_KERNEL_MODE "svc"

struct cpu;

/* Architecture part of struct cpu: the ARM926 keeps nothing per core beyond the registers. */
struct arch_cpu {
	uint32_t sctlr; /* the control register as ram_arch_init() left it */
	/* SYS_CALL and SYS_REPLY_RECV, which the trap entry sends to the fast
	 * path (fastpath_arch_init()); with it off, a number no call has. */
	uint32_t fastpath_sys[2];
};

/* The one core's struct cpu, &cpus[0] (cpu.c). */
extern struct cpu *armv5_cpu;

static inline struct cpu *arch_this_cpu(void)
{
	return armv5_cpu;
}

static inline void arch_set_this_cpu(struct cpu *cpu)
{
	armv5_cpu = cpu;
}

/* No MPIDR before ARMv7: the one core is core 0. */
static inline uint32_t arch_cpu_hwid(void)
{
	return 0;
}

/** cpu_arch_cycles() - no cycle counter on the ARM926: the SP804 clock's low word (1 MHz). */
uint32_t cpu_arch_cycles(void);

/*
 * Events: on one core the store a waiter waits for can only come from an
 * interrupt handler, so a waiter sleeps until an interrupt is pending (the
 * tick ends every wait within 10 ms), and there is nobody to wake.
 */
static inline void arch_wait_event(void)
{
	cp15_wait_for_interrupt();
}

static inline void arch_send_event(void)
{
	__asm__ volatile("" ::: "memory");
}
