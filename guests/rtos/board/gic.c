// SPDX-License-Identifier: MIT
/* The GICv2 driver: distributor set-up, per-interrupt enable, and dispatch. */
#include <arch/cpu.h>
#include <board/gic.h>

#define GICD_CTLR	0x000
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICC_CTLR	0x00
#define GICC_PMR	0x04
#define GICC_BPR	0x08
#define GICC_IAR	0x0c
#define GICC_EOIR	0x10
#define GIC_ENABLE	1
#define GIC_PMR_ALL	0xf0
#define GIC_SPURIOUS	1020
#define GIC_FIRST_SPI	32
#define GIC_IAR_ID	0x3ff

struct handler {
	void (*fn)(void *arg);
	void *arg;
};

static uintptr_t gicd, gicc;
static struct handler handlers[GIC_IRQS];

void gic_init(uintptr_t dist, uintptr_t cpu)
{
	gicd = dist;
	gicc = cpu;
	mmio_write32(gicd + GICD_CTLR, 0);
	for (unsigned i = 0; i < GIC_IRQS / 32; i++)
		mmio_write32(gicd + GICD_ICENABLER + 4 * i, ~0u);
	mmio_write32(gicc + GICC_PMR, GIC_PMR_ALL);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, GIC_ENABLE);
	mmio_write32(gicd + GICD_CTLR, GIC_ENABLE);
}

void gic_attach(unsigned id, uint8_t prio, void (*fn)(void *arg), void *arg)
{
	handlers[id] = (struct handler){fn, arg};
	mmio_write8(gicd + GICD_IPRIORITYR + id, prio);
	if (id >= GIC_FIRST_SPI)
		mmio_write8(gicd + GICD_ITARGETSR + id, 1); /* this (the only) processor */
	mmio_write32(gicd + GICD_ISENABLER + 4 * (id / 32), 1u << (id % 32));
}

void gic_dispatch(void)
{
	for (;;) {
		uint32_t iar = mmio_read32(gicc + GICC_IAR);
		unsigned id = iar & GIC_IAR_ID;

		if (id >= GIC_SPURIOUS)
			return;
		if (id < GIC_IRQS && handlers[id].fn)
			handlers[id].fn(handlers[id].arg);
		mmio_write32(gicc + GICC_EOIR, iar);
	}
}

#define GICD_SGIR	 0xf00
#define SGIR_TARGET_SELF (2u << 24)

void gic_raise_self(unsigned sgi)
{
	mmio_write32(gicd + GICD_SGIR, SGIR_TARGET_SELF | sgi);
}
