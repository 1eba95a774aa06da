/* SPDX-License-Identifier: MIT */
/*
 * The devices the RTOS drives and where they are: from the device tree the
 * boot loader passed, or the vexpress-a15 defaults.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <arch/psci.h>
#include <board/channel.h>

#define BOARD_BOOTARGS_LEN 128
#define BOARD_TELEMETRY	   "telemetry" /* the channel the telemetry goes to: its name's start */

struct board {
	bool from_fdt;
	uint64_t uart, gicd, gicc, sp804; /* physical addresses; sp804 0: none */
	unsigned uart_irq, sp804_irq, vtimer_irq;
	uint64_t ram_end;		   /* the end of the RAM the image was loaded in */
	char bootargs[BOARD_BOOTARGS_LEN]; /* /chosen/bootargs, cut short; "" if none */
	struct channel telemetry;	   /* a channel to write telemetry into; mem 0: none */
	enum psci_conduit psci;		   /* how to call PSCI (/psci "method"); or none */
	uint64_t pvpanic;		   /* a "qemu,pvpanic-mmio" device; 0: none */
};

/** board_has_arg() - whether @arg is one of the space-separated words of @b's bootargs. */
bool board_has_arg(const struct board *b, const char *arg);

/**
 * board_probe() - fill @b from the device tree at physical address @fdt_pa
 * when the boot registers say there is one (@r0 == 0 and a valid header),
 * else with the defaults; RAM ends at the memory node's end or
 * RTOS_DEFAULT_RAM past @load_pa.
 */
void board_probe(struct board *b, uint32_t r0, uint32_t fdt_pa, uint64_t load_pa);

/** board_map() - map every device of @b; false (naming it) if one cannot be. */
bool board_map(const struct board *b);
