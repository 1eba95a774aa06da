// SPDX-License-Identifier: MIT
/* The host implementation of the RTOS's arch interface (see host_arch.h). */
#include <rtos/arch.h>

#include "host_arch.h"

rtime_t host_now;
rtime_t host_timer = RTIME_NEVER;
unsigned host_switches;
jmp_buf host_start_jump;

unsigned long arch_irq_save(void)
{
	return 0;
}

void arch_irq_restore(unsigned long flags)
{
}

void arch_task_init(struct task *t, void *stack_top)
{
	t->sp = stack_top;
}

void arch_switch(void **save, void *load)
{
	host_switches++;
}

void arch_start(void *load)
{
	host_switches++;
	longjmp(host_start_jump, 1);
}

rtime_t arch_now(void)
{
	return host_now;
}

uint32_t arch_ticks_per_sec(void)
{
	return HOST_TICKS_PER_SEC;
}

void arch_timer_set(rtime_t deadline)
{
	host_timer = deadline;
}

void arch_idle(void)
{
}
