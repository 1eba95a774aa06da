/* SPDX-License-Identifier: MIT */
/*
 * vexpress-a15 (V2P-CA15 CoreTile, RS1 motherboard map): what the RTOS uses
 * when there is no device tree, or the tree does not say.
 */
#pragma once

#define VEXPRESS_UART0	    0x1c090000
#define VEXPRESS_UART0_IRQ  37 /* SPI 5 */
#define VEXPRESS_GICD	    0x2c001000
#define VEXPRESS_GICC	    0x2c002000
#define VEXPRESS_SP804	    0x1c110000 /* timer01 */
#define VEXPRESS_SP804_IRQ  34	       /* SPI 2 */
#define VEXPRESS_SP804_HZ   1000000    /* its 1 MHz reference clock */
#define VEXPRESS_VTIMER_IRQ 27	       /* PPI 11 */
#define VEXPRESS_RAM_END    0x100000000ull
#define RTOS_DEFAULT_RAM    (16u << 20) /* from the load address, without a device tree */
