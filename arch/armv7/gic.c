// SPDX-License-Identifier: MIT
/*
 * GICv2 distributor and CPU interface, Non-secure view (the boot shim put
 * every interrupt in group 1). SPIs stay disabled until a driver asks.
 */
#include <board.h>
#include <cpu.h>
#include <irq.h>

#include <arch/barrier.h>
#include <arch/gic.h>
#include <arch/mmio.h>
#include <arch/vgic.h>

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ICPENDR	0x280
#define GICD_ICACTIVER	0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_SGIR	0xf00
#define GICC_CTLR	0x00
#define GICC_PMR	0x04
#define GICC_BPR	0x08
#define GICC_IAR	0x0c
#define GICC_EOIR	0x10
#define GICC_DIR	0x1000

#define GICD_CTLR_ENABLE     1
#define GICC_CTLR_ENABLE     1
#define GICC_CTLR_EOIMODE    (1u << 9) /* EOIR drops priority; DIR deactivates */
#define GIC_PRIORITY_DEFAULT 0xa0      /* one level for everything, for now */
#define GIC_PRIORITY_LOWEST  0xff
#define IAR_ID(iar)	     ((iar)&0x3ff)
#define IAR_CPU(iar)	     (((iar) >> 10) & 7)

unsigned int irq_arch_lines(void)
{
	return ((mmio_read32(BOARD_GICD_BASE + GICD_TYPER) & 0x1f) + 1) * 32;
}

unsigned int irq_arch_cpus_present(void)
{
	return ((mmio_read32(BOARD_GICD_BASE + GICD_TYPER) >> 5) & 7) + 1;
}

static void set_priorities(unsigned int first, unsigned int end)
{
	uint32_t four = GIC_PRIORITY_DEFAULT * 0x01010101u;

	for (unsigned int i = first; i < end; i += 4)
		mmio_write32(BOARD_GICD_BASE + GICD_IPRIORITYR + i, four);
}

void irq_arch_init(void)
{
	uintptr_t d = BOARD_GICD_BASE;
	unsigned int lines = irq_arch_lines();

	mmio_write32(d + GICD_CTLR, 0);
	for (unsigned int i = IRQ_SPI_BASE; i < lines; i += 32) {
		mmio_write32(d + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(d + GICD_ICPENDR + i / 8, ~0u);
	}
	set_priorities(IRQ_SPI_BASE, lines);
	for (unsigned int i = IRQ_SPI_BASE; i < lines; i += 4)
		mmio_write32(d + GICD_ITARGETSR + i, 0x01010101u); /* to core 0 until moved */
	mmio_write32(d + GICD_CTLR, GICD_CTLR_ENABLE);
	vgic_init();
}

void irq_arch_init_cpu(void)
{
	uintptr_t d = BOARD_GICD_BASE, c = BOARD_GICC_BASE;

	/* Reading a banked target register tells a core its own interface bit. */
	this_cpu()->arch.gic_mask = mmio_read32(d + GICD_ITARGETSR) & 0xff;
	mmio_write32(d + GICD_ICENABLER, ~0u);
	mmio_write32(d + GICD_ICPENDR, ~0u);
	set_priorities(0, IRQ_SPI_BASE);
	mmio_write32(c + GICC_PMR, GIC_PRIORITY_LOWEST);
	mmio_write32(c + GICC_BPR, 0);
	mmio_write32(c + GICC_CTLR, GICC_CTLR_ENABLE | GICC_CTLR_EOIMODE);
	vgic_init_cpu();
}

void gic_cpu_disable(void)
{
	mmio_write32(BOARD_GICC_BASE + GICC_CTLR, 0);
}

void irq_arch_enable(unsigned int irq)
{
	mmio_write32(BOARD_GICD_BASE + GICD_ISENABLER + irq / 32 * 4, 1u << (irq % 32));
}

void irq_arch_disable(unsigned int irq)
{
	mmio_write32(BOARD_GICD_BASE + GICD_ICENABLER + irq / 32 * 4, 1u << (irq % 32));
}

/* Target registers are byte-accessible: one interrupt, one byte. */
void irq_arch_set_target(unsigned int irq, cpuid_t cpu)
{
	mmio_write8(BOARD_GICD_BASE + GICD_ITARGETSR + irq, cpus[cpu].arch.gic_mask);
}

uint32_t irq_arch_ack(unsigned int *irq, cpuid_t *src)
{
	uint32_t iar = mmio_read32(BOARD_GICC_BASE + GICC_IAR);

	*irq = IAR_ID(iar);
	*src = *irq < IRQ_SGI_COUNT ? IAR_CPU(iar) : 0;
	return iar;
}

void irq_arch_eoi(uint32_t token)
{
	mmio_write32(BOARD_GICC_BASE + GICC_EOIR, token);
}

void irq_arch_deactivate(uint32_t token)
{
	mmio_write32(BOARD_GICC_BASE + GICC_DIR, token);
}

void irq_arch_clear_active(unsigned int irq)
{
	mmio_write32(BOARD_GICD_BASE + GICD_ICACTIVER + irq / 32 * 4, 1u << (irq % 32));
}

/*
 * The barrier makes this core's earlier stores visible before the target
 * can take the SGI: the handler then sees whatever the SGI announces.
 */
void irq_arch_send_ipi(cpuid_t dst, unsigned int sgi)
{
	dsb(ishst);
	mmio_write32(BOARD_GICD_BASE + GICD_SGIR, (uint32_t)cpus[dst].arch.gic_mask << 16 | sgi);
}
