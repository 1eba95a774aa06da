// SPDX-License-Identifier: MIT
/*
 * The boot shim's one message for machines Cella cannot run on. It may run
 * on another CPU (a Cortex-A9, say) and another memory map, so it picks the
 * UART by CPU part number and uses nothing but shifts and stores.
 */
#include <board.h>

#include <drivers/pl011.h>

#include <arch/early.h>

#define MIDR_PART(midr) (((midr) >> 4) & 0xfff)
#define PART_CORTEX_A9	0xc09

static void early_puts(uintptr_t base, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			pl011_putc(base, '\r');
		pl011_putc(base, *s);
	}
}

static void early_puthex(uintptr_t base, uint32_t v)
{
	for (int shift = 28; shift >= 0; shift -= 4)
		pl011_putc(base, "0123456789abcdef"[(v >> shift) & 0xf]);
}

void boot_no_virt(uint32_t midr)
{
	uintptr_t uart =
		MIDR_PART(midr) == PART_CORTEX_A9 ? BOARD_UART0_BASE_LEGACY : BOARD_UART0_BASE;

	early_puts(uart, "\ncella: cannot enter HYP mode: no Virtualization Extensions "
			 "on this machine (MIDR 0x");
	early_puthex(uart, midr);
	early_puts(uart, "); Cella needs a Cortex-A15 with them: "
			 "qemu-system-arm -M vexpress-a15,secure=on,virtualization=on\n");
}
