// SPDX-License-Identifier: MIT
/*
 * The SP804 dual timer as the kernel's clock and tick: timer 0 runs free,
 * counting down from 2^32 - 1 at BOARD_TIMER_HZ, and is extended to 64 bits
 * here; timer 1 is a one-shot set to each deadline. Both share one line.
 */
#include <board.h>
#include <cpu.h>
#include <timer.h>

#include <arch/irqflags.h>
#include <arch/mmio.h>

#define SP804_CLOCK    0x00 /* timer 0 */
#define SP804_DEADLINE 0x20 /* timer 1 */
#define SP804_LOAD     0x00
#define SP804_VALUE    0x04
#define SP804_CONTROL  0x08
#define SP804_INTCLR   0x0c

#define CTRL_ONESHOT (1u << 0)
#define CTRL_32BIT   (1u << 1)
#define CTRL_INT     (1u << 5)
#define CTRL_ENABLE  (1u << 7)

#define MAX_DELTA 0x80000000u /* half the clock's wrap: timer_arch_now() sees each wrap */

/* Written with interrupts masked on the one core: the clock's last reading, extended. */
static ticks_t last;

static uint32_t reg(uint32_t timer, uint32_t r)
{
	return mmio_read32(BOARD_TIMER_BASE + timer + r);
}

static void set_reg(uint32_t timer, uint32_t r, uint32_t v)
{
	mmio_write32(BOARD_TIMER_BASE + timer + r, v);
}

uint32_t timer_arch_freq(void)
{
	return BOARD_TIMER_HZ;
}

/* The counter's low word goes up; when it is below the last one, it wrapped (every 71 minutes). */
ticks_t timer_arch_now(void)
{
	unsigned long flags = arch_irq_save();
	uint32_t low = ~reg(SP804_CLOCK, SP804_VALUE);
	ticks_t now = (last & ~0xffffffffull) | low;

	if (low < (uint32_t)last)
		now += 1ull << 32;
	last = now;
	arch_irq_restore(flags);
	return now;
}

uint32_t cpu_arch_cycles(void)
{
	return (uint32_t)timer_arch_now();
}

void timer_arch_init_cpu(void)
{
	set_reg(SP804_DEADLINE, SP804_CONTROL, 0);
	set_reg(SP804_CLOCK, SP804_CONTROL, 0);
	set_reg(SP804_CLOCK, SP804_LOAD, 0xffffffffu);
	set_reg(SP804_CLOCK, SP804_CONTROL, CTRL_ENABLE | CTRL_32BIT);
}

unsigned int timer_arch_irq(void)
{
	return BOARD_IRQ_TIMER;
}

void timer_arch_set_deadline(ticks_t t)
{
	ticks_t now = timer_arch_now();
	uint64_t delta = t > now ? t - now : 1;

	set_reg(SP804_DEADLINE, SP804_CONTROL, 0);
	set_reg(SP804_DEADLINE, SP804_INTCLR, 1);
	/* Far deadlines (a core with its tick stopped) are cut so the clock is read before a wrap. */
	set_reg(SP804_DEADLINE, SP804_LOAD, delta > MAX_DELTA ? MAX_DELTA : (uint32_t)delta);
	set_reg(SP804_DEADLINE, SP804_CONTROL, CTRL_ENABLE | CTRL_32BIT | CTRL_ONESHOT | CTRL_INT);
}
