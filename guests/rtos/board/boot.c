// SPDX-License-Identifier: MIT
/*
 * From start.S to the first task: the console, the address space completed
 * from the device tree, the GIC, the kernel, the virtual timer, the
 * application, and the start.
 */
#include <rtos/rtos.h>

#include <app/app.h>
#include <arch/layout.h>
#include <arch/mmu.h>
#include <arch/psci.h>
#include <board/pvpanic.h>
#include <arch/vtimer.h>
#include <board/board.h>
#include <board/gic.h>
#include <board/pl011.h>
#include <lib/print.h>

void rtos_boot(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t load_pa);

static struct board board;

static void __attribute__((noreturn)) stop(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

/** rtos_boot() - from start.S, MMU on: the boot registers and the load address. */
void rtos_boot(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t load_pa)
{
	uint32_t ram;

	mmu_init(load_pa);
	board_probe(&board, r0, r2, load_pa);
	psci_init(board.psci);
	if (!board_map(&board))
		stop(); /* no console to say so */
	pvpanic_init(board.pvpanic);
	pl011_init(board.uart);
	print_init(pl011_putc);
	mmu_drop_boot_identity();
	ram = mmu_map_ram(board.ram_end);
	print("rtos: loaded at %08x, %u MiB mapped at %08x; devices from %s\n", (unsigned)load_pa,
	      (unsigned)(ram >> 20), (unsigned)RTOS_LINK_BASE,
	      board.from_fdt ? "the device tree" : "vexpress defaults");
	print("rtos: uart %08x irq %u, gic %08x/%08x, sp804 %08x irq %u, vtimer irq %u\n",
	      (unsigned)board.uart, board.uart_irq, (unsigned)board.gicd, (unsigned)board.gicc,
	      (unsigned)board.sp804, board.sp804_irq, board.vtimer_irq);
	gic_init(board.gicd, board.gicc);
	rtos_init();
	vtimer_init(board.vtimer_irq);
	app_init(&board);
	rtos_start();
}
