// SPDX-License-Identifier: MIT
/* The virtual timer's interrupt: expire the scheduler's timeouts, measure latency. */
#include <rtos/arch.h>
#include <rtos/sched.h>

#include <arch/cpu.h>
#include <arch/vtimer.h>
#include <board/gic.h>

#define VTIMER_PRIO 0x80

static uint64_t entry_stamp;
static struct latency lat = {.min = UINT64_MAX};

void vtimer_stamp(uint64_t stamp)
{
	entry_stamp = stamp;
}

static void record(uint64_t ticks)
{
	lat.count++;
	lat.sum += ticks;
	if (ticks < lat.min)
		lat.min = ticks;
	if (ticks > lat.max)
		lat.max = ticks;
}

static void vtimer_irq(void *arg)
{
	uint64_t cval = cntv_cval_read();

	/* Only an expiry counts (the line may also be seen after the timer was moved). */
	if (cntv_ctl_read() & CNTV_CTL_ISTATUS && entry_stamp >= cval)
		record(entry_stamp - cval);
	/* Off until the scheduler writes the next deadline at the handler's end. */
	cntv_ctl_write(0);
	sched_timer_expired(arch_now());
}

void vtimer_init(unsigned irq)
{
	cntv_ctl_write(0);
	gic_attach(irq, VTIMER_PRIO, vtimer_irq, 0);
}

struct latency vtimer_latency(void)
{
	unsigned long flags = arch_irq_save();
	struct latency copy = lat;

	arch_irq_restore(flags);
	return copy;
}
