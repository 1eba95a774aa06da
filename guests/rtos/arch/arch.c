// SPDX-License-Identifier: MIT
/*
 * The ARMv7-A side of the RTOS's arch interface (rtos/arch.h): interrupt
 * masking, first task frames, the virtual counter and timer, idling; and
 * the C half of the interrupt entry.
 */
#include <rtos/arch.h>
#include <rtos/sched.h>

#include <arch/cpu.h>
#include <arch/frame.h>
#include <arch/layout.h>
#include <arch/vtimer.h>
#include <board/gic.h>

unsigned long arch_irq_save(void)
{
	unsigned long cpsr;

	__asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(cpsr)::"memory");
	return cpsr & PSR_I;
}

void arch_irq_restore(unsigned long flags)
{
	if (!flags)
		__asm__ volatile("cpsie i" ::: "memory");
}

void arch_task_init(struct task *t, void *stack_top)
{
	struct frame *f = (struct frame *)stack_top - 1;

	*f = (struct frame){
		.pc = (uintptr_t)t->entry, .lr = (uintptr_t)task_exit, .cpsr = MODE_SVC | PSR_F};
	f->r[0] = (uintptr_t)t->arg;
	t->sp = f;
}

rtime_t arch_now(void)
{
	isb();
	return cntvct_read();
}

uint32_t arch_ticks_per_sec(void)
{
	return cntfrq_read();
}

void arch_timer_set(rtime_t deadline)
{
	if (deadline == RTIME_NEVER) {
		cntv_ctl_write(0);
	} else {
		cntv_cval_write(deadline);
		cntv_ctl_write(CNTV_CTL_ENABLE);
	}
	isb();
}

void arch_idle(void)
{
	__asm__ volatile("dsb\n\twfi" ::: "memory");
}

void *arch_irq(uint64_t stamp, void *frame);

/** arch_irq() - from vectors.S: handle the pending interrupts; the frame to resume. */
void *arch_irq(uint64_t stamp, void *frame)
{
	sched_isr_enter();
	vtimer_stamp(stamp);
	gic_dispatch();
	return sched_isr_exit(frame);
}
