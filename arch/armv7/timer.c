// SPDX-License-Identifier: MIT
/*
 * ARM generic timer, HYP view: the kernel tick uses the HYP physical timer
 * (CNTHP), leaving the virtual timer to guests. The event stream wakes WFE
 * about every millisecond so that waits with deadlines need no other wake-up.
 */
#include <board.h>
#include <timer.h>

#include <arch/barrier.h>
#include <arch/sysreg.h>

#define CNTHCTL_PL1PCTEN    (1u << 0) /* lower levels may read the physical counter */
#define CNTHCTL_EVNTEN	    (1u << 2) /* event stream on */
#define CNTHCTL_EVNTI_SHIFT 4
#define CNTHP_CTL_ENABLE    (1u << 0)
#define CNTKCTL_PL0PCTEN    (1u << 0) /* user level may read the physical counter */
#define CNTKCTL_PL0VCTEN    (1u << 1) /* ... and the virtual one (and CNTFRQ) */

uint32_t timer_arch_freq(void)
{
	return sysreg_read(cntfrq);
}

ticks_t timer_arch_now(void)
{
	isb(); /* do not read the counter early */
	return sysreg_read(cntpct);
}

/* Counter bit whose toggling gives an event every 1-2 ms. */
static uint32_t event_bit(void)
{
	uint32_t per_ms = timer_arch_freq() / 1000, bit = 0;

	while (bit < 15 && (2u << bit) <= per_ms)
		bit++;
	return bit;
}

void timer_arch_init_cpu(void)
{
	sysreg_write(cntvoff, 0);
	sysreg_write(cnthctl,
		     CNTHCTL_PL1PCTEN | CNTHCTL_EVNTEN | event_bit() << CNTHCTL_EVNTI_SHIFT);
	sysreg_write(cnthp_ctl, 0);
	/* Time is no secret here: native threads may read the counter directly. */
	sysreg_write(cntkctl, CNTKCTL_PL0PCTEN | CNTKCTL_PL0VCTEN);
}

unsigned int timer_arch_irq(void)
{
	return BOARD_IRQ_HYP_TIMER;
}

void timer_arch_set_deadline(ticks_t t)
{
	sysreg_write(cnthp_cval, t);
	sysreg_write(cnthp_ctl, CNTHP_CTL_ENABLE);
	isb();
}
