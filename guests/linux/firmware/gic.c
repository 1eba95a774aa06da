// SPDX-License-Identifier: MIT
/*
 * The firmware's use of the GIC: every interrupt goes to the Non-secure
 * world (group 1) but one SGI, FW_WAKE_SGI, which stays Secure (group 0,
 * where Linux can neither send nor see it) and wakes a core waiting for
 * CPU_ON in WFI.
 *
 * Why WFI and not WFE: QEMU's TCG runs WFE as a mere yield, so a core
 * waiting in WFE never halts; under -icount, which moves the virtual clock
 * on to the next timer only while every core is halted, each such core
 * slows Linux's timed waits to a crawl (-smp 4 took 40 times as long to
 * reach the ready line). A halted core in WFI costs nothing.
 */
#include "firmware.h"

#define GICD_CTLR	  0x000
#define GICD_TYPER	  0x004
#define GICD_IGROUPR	  0x080
#define GICD_SGIR	  0xf00
#define GICD_CTLR_GRP0_1  3    /* EnableGrp0 | EnableGrp1 */
#define GICD_TYPER_LINES  0x1f /* ITLinesNumber: (n + 1) * 32 interrupt IDs */
#define GICD_SGIR_TARGETS 16   /* CPUTargetList; NSATT (bit 15) 0: a group 0 SGI */
#define GICC_CTLR	  0x000
#define GICC_PMR	  0x004
#define GICC_IAR	  0x00c
#define GICC_EOIR	  0x010
#define GICC_CTLR_GRP0	  1    /* Secure view: EnableGrp0 only, signalled as IRQ */
#define GICC_PMR_OPEN	  0xff /* lets the Non-secure world set its own mask */
#define GICC_IAR_ID	  0x3ff
#define GICC_SPURIOUS	  1023

static inline void mmio_write(uint32_t addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

static inline uint32_t mmio_read(uint32_t addr)
{
	return *(volatile uint32_t *)addr;
}

/*
 * IGROUPR0 (SGIs, PPIs) and the CPU interface are banked per core; core 0
 * does the shared SPIs and enables both groups. The Secure PMR must leave
 * the Non-secure half open.
 */
void fw_gic_init(unsigned int cpu)
{
	mmio_write(BOARD_GICC_BASE + GICC_PMR, GICC_PMR_OPEN);
	mmio_write(BOARD_GICD_BASE + GICD_IGROUPR, ~(1u << FW_WAKE_SGI));
	mmio_write(BOARD_GICC_BASE + GICC_CTLR, GICC_CTLR_GRP0);
	if (cpu != 0)
		return;
	uint32_t lines = mmio_read(BOARD_GICD_BASE + GICD_TYPER) & GICD_TYPER_LINES;

	for (uint32_t i = 1; i <= lines; i++)
		mmio_write(BOARD_GICD_BASE + GICD_IGROUPR + 4 * i, ~0u);
	mmio_write(BOARD_GICD_BASE + GICD_CTLR, GICD_CTLR_GRP0_1);
}

void fw_gic_wake(unsigned int cpu)
{
	__asm__ volatile("dsb" ::: "memory");
	mmio_write(BOARD_GICD_BASE + GICD_SGIR, (1u << cpu) << GICD_SGIR_TARGETS | FW_WAKE_SGI);
}

bool fw_gic_woken(void)
{
	uint32_t iar = mmio_read(BOARD_GICC_BASE + GICC_IAR);

	if ((iar & GICC_IAR_ID) == GICC_SPURIOUS)
		return false;
	mmio_write(BOARD_GICC_BASE + GICC_EOIR, iar);
	__asm__ volatile("dmb" ::: "memory");
	return (iar & GICC_IAR_ID) == FW_WAKE_SGI;
}
