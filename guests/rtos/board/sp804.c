// SPDX-License-Identifier: MIT
/* The SP804 driver: timer 1 periodic, 32-bit, interrupting. */
#include <arch/cpu.h>
#include <board/gic.h>
#include <board/sp804.h>
#include <board/vexpress.h>

#define TIMER_LOAD    0x00
#define TIMER_CONTROL 0x08
#define TIMER_INTCLR  0x0c
#define CTRL_32BIT    (1 << 1)
#define CTRL_INTEN    (1 << 5)
#define CTRL_PERIODIC (1 << 6)
#define CTRL_ENABLE   (1 << 7)
#define SP804_PRIO    0x90

static uintptr_t timer;
static void (*tick_fn)(void);

static void sp804_irq(void *arg)
{
	mmio_write32(timer + TIMER_INTCLR, 1);
	tick_fn();
}

void sp804_start(uintptr_t base, unsigned irq, uint32_t period_us, void (*fn)(void))
{
	timer = base;
	tick_fn = fn;
	mmio_write32(timer + TIMER_CONTROL, 0);
	mmio_write32(timer + TIMER_INTCLR, 1);
	mmio_write32(timer + TIMER_LOAD, period_us * (VEXPRESS_SP804_HZ / 1000000));
	gic_attach(irq, SP804_PRIO, sp804_irq, 0);
	mmio_write32(timer + TIMER_CONTROL, CTRL_ENABLE | CTRL_PERIODIC | CTRL_INTEN | CTRL_32BIT);
}
