/* SPDX-License-Identifier: MIT */
/*
 * Time: a free-running per-system counter (the ARM generic timer) and a
 * per-core tick at CONFIG_HZ (or the boot argument tick_hz=N, up to
 * TICK_HZ_MAX) driven by a per-core deadline timer; stopped on a core
 * whose thread is a VCPU with its priority to itself (timer.c).
 */
#pragma once

#include <types.h>

/** timer_init() - read the counter frequency; boot core, before any core ticks. */
void timer_init(void);

/** timer_init_cpu() - start this core's tick. Every core. */
void timer_init_cpu(void);

/** timer_now() - the counter, in ticks of timer_freq() Hz. Any context. */
ticks_t timer_now(void);

/**
 * timer_wake_at() - make this core's deadline timer fire at @when too, if
 * that is before what it is set to: a sleeper is woken at its time, not at
 * the next tick. This core's scheduler, interrupts masked.
 */
void timer_wake_at(ticks_t when);

/**
 * timer_tick_update() - start or stop this core's tick as it is needed
 * now (timer.c says when): after the current thread changed, a thread of
 * its priority became ready, or console output or cross-core requests were
 * left for the tick. This core, interrupts masked.
 */
void timer_tick_update(void);

/**
 * timer_vcpu_switch() - this core switched to a VCPU: its tick stops if
 * nothing else needs it, and the deadline timer is set again with the
 * sleepers that may interrupt that VCPU (sched_next_wake()). Scheduler,
 * interrupts masked.
 */
void timer_vcpu_switch(void);

/* The fastest tick tick_hz= may ask for: 10 us, a few hundred instructions apart. */
#define TICK_HZ_MAX 100000

/**
 * timer_tickless() - whether a core stops its tick when nothing needs it
 * (timer.c); not with the boot argument nohz=off, when every core ticks.
 */
bool timer_tickless(void);

/** timer_period() - the tick's period, in counter ticks. */
ticks_t timer_period(void);

/** timer_freq() - counter frequency in Hz. */
uint32_t timer_freq(void);

/** timer_ms() - @ms milliseconds in counter ticks. */
ticks_t timer_ms(uint32_t ms);

/** timer_from_ns() - @ns nanoseconds in counter ticks, rounded down, saturating. */
ticks_t timer_from_ns(uint64_t ns);

/** timer_ns() - @t counter ticks in nanoseconds. */
uint64_t timer_ns(ticks_t t);

/* Must be implemented by the architecture: */

/** timer_arch_freq() - the counter frequency in Hz (0 if firmware did not set it). */
uint32_t timer_arch_freq(void);

/** timer_arch_now() - read the counter. */
ticks_t timer_arch_now(void);

/** timer_arch_init_cpu() - set up this core's deadline timer and event stream. */
void timer_arch_init_cpu(void);

/** timer_arch_irq() - the (per-core, banked) interrupt of the deadline timer. */
unsigned int timer_arch_irq(void);

/** timer_arch_set_deadline() - interrupt this core when the counter reaches @t. */
void timer_arch_set_deadline(ticks_t t);
