/* SPDX-License-Identifier: MIT */
/*
 * PL190 VIC interrupt ID space, and what of it the generic irq layer sees:
 * IDs 0..31 are the VIC's lines, devices' from line 5. One core has no
 * inter-core interrupts: their IDs lie above the lines, where handlers may
 * be registered but nothing ever raises one (irq_arch_send_ipi()).
 */
#pragma once

#include <types.h>

#define IRQ_VIC_LINES 32
#define IRQ_MAX	      (IRQ_VIC_LINES + 8)
#define IRQ_SPURIOUS  0xff /* irq_arch_ack() when no line is pending */

#define IRQ_IPI_FIRST IRQ_VIC_LINES
#define IRQ_IPI_LIMIT IRQ_MAX

/*
 * Lines 0-4 are the watchdog, the software interrupt, the debug channel and
 * timers 0/1 (BOARD_IRQ_TIMER, the kernel's tick): none a cell may own.
 */
#define IRQ_DEVICE_FIRST 5
