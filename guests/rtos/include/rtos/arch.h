/* SPDX-License-Identifier: MIT */
/*
 * What the portable RTOS kernel needs from an architecture; each arch
 * implements every function here (guests/rtos/arch/ for ARMv7-A,
 * guests/rtos/host/ for the host unit tests).
 */
#pragma once

#include <rtos/task.h>
#include <rtos/time.h>

/** arch_irq_save() - mask interrupts; the previous state, for arch_irq_restore(). */
unsigned long arch_irq_save(void);

/** arch_irq_restore() - put back the state arch_irq_save() returned. */
void arch_irq_restore(unsigned long flags);

/** arch_task_init() - build @t's first frame: @t->entry(@t->arg), interrupts on. */
void arch_task_init(struct task *t, void *stack_top);

/** arch_switch() - save the running context's frame in *@save, resume @load's. */
void arch_switch(void **save, void *load);

/** arch_start() - resume @load's frame, abandoning the current context. */
void arch_start(void *load) __attribute__((noreturn));

/** arch_now() - the counter. */
rtime_t arch_now(void);

/** arch_ticks_per_sec() - the counter's frequency. */
uint32_t arch_ticks_per_sec(void);

/** arch_timer_set() - interrupt at @deadline; RTIME_NEVER turns the timer off. */
void arch_timer_set(rtime_t deadline);

/** arch_idle() - wait for an interrupt (the idle task's loop body). */
void arch_idle(void);
