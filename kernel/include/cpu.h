/* SPDX-License-Identifier: MIT */
/*
 * Per-core data. Each core owns one struct cpu, found in O(1) by this_cpu()
 * (an arch register: HTPIDR on armv7). Every field is written only by the
 * core that owns it; other cores may read fields documented as such. Each
 * struct cpu starts on its own cache line and is padded to whole lines, so
 * no core's writes share a line with another core's data.
 */
#pragma once

#include <atomic.h>
#include <compiler.h>
#include <config.h>
#include <sched.h>
#include <types.h>
#include <xcall.h>

#include <arch/cpu.h>

enum cpu_state {
	CPU_ABSENT = 0, /* not found, or not yet joined */
	CPU_ONLINE,	/* running the kernel; takes interrupts */
	CPU_HALTED,	/* stopped after a fatal error; takes nothing */
};

/* Counters a core keeps about itself; others may read them. */
struct cpu_stats {
	uint64_t ticks;		/* timer ticks taken */
	uint32_t irqs;		/* interrupts acknowledged, all kinds (wraps) */
	uint32_t spurious;	/* spurious acknowledgements */
	uint32_t vm_exits;	/* exceptions taken from a VCPU */
	uint32_t virqs;		/* virtual interrupts put in list registers */
	uint32_t inject_cycles; /* interrupt exits that injected into the VCPU they */
	uint32_t inject_exits;	/* interrupted and resumed it: cycles, count */
};

struct cpu {
	cpuid_t id;	      /* logical number, also the index in cpus[] */
	uint32_t hwid;	      /* MPIDR affinity */
	enum cpu_state state; /* read by others with cpu_state() */
	vaddr_t stack_top;    /* top of this core's kernel stack */
	ticks_t next_tick;    /* deadline of the next tick, unless sched.tick_off */
	ticks_t deadline;     /* what the deadline timer is set to: next_tick or a sleeper's */
	bool irq_left_active; /* the interrupt being handled went to a guest (irq.h) */
	bool destroying;      /* kobj_destroy() runs here: others queue on dead */
	struct list dead;     /* objects whose teardown waits for the one running */
	bool reaping;	      /* space_reap() runs here: others queue on reap */
	struct list reap;     /* spaces homed here whose next teardown step waits */
	struct cpu_stats stats;
	struct sched sched;	   /* this core's threads */
	struct xcall_local xlocal; /* cross-core requests: our side */
	struct arch_cpu arch;
	/* Written by this core, read by the others: on a line of its own. */
	struct xcall_shared xshared;
} __aligned(CACHE_LINE);

extern struct cpu cpus[CONFIG_MAX_CPUS];

/*
 * Each core's kernel stack, with as much again below it that the kernel's
 * own tables leave unmapped (ram_arch_init()): an overflow faults instead of
 * running into the next core's stack. tools/stackcheck.py bounds the depth.
 */
struct kernel_stack {
	uint8_t guard[CONFIG_STACK_SIZE];
	uint8_t stack[CONFIG_STACK_SIZE];
};

extern struct kernel_stack kernel_stacks[CONFIG_MAX_CPUS];

/** this_cpu() - the calling core's struct cpu. Any context, after boot. */
static inline struct cpu *this_cpu(void)
{
	return arch_this_cpu();
}

/** cpu_state() - another core's state, as last published by that core. */
static inline enum cpu_state cpu_state(cpuid_t id)
{
	return atomic_load(&cpus[id].state, __ATOMIC_ACQUIRE);
}

/** cpu_init_this() - claim cpus[@id] for the calling core and point this_cpu() at it. */
void cpu_init_this(cpuid_t id);

/**
 * cpu_stack_used() - the most of core @id's kernel stack ever used, in bytes
 * (CONFIG_STACK_SIZE: all of it, or it overflowed). Any core; a recent value.
 */
uint32_t cpu_stack_used(cpuid_t id);

/** cpu_set_online() - publish that this core has joined. */
void cpu_set_online(void);

/** cpu_halt() - mark this core halted and stop it for good. Any context. */
__noreturn void cpu_halt(void);

/* Must be implemented by the architecture: */

/** cpu_arch_init_this() - architecture part of cpu_init_this(). */
void cpu_arch_init_this(struct cpu *cpu);

/** cpu_arch_halt() - mask everything, leave the interrupt controller, stop. */
__noreturn void cpu_arch_halt(void);

/** cpu_arch_idle() - wait until an interrupt is pending (taken or not: interrupts may be masked). */
void cpu_arch_idle(void);
