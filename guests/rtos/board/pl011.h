/* SPDX-License-Identifier: MIT */
/* The PL011 UART: polled output, interrupt-driven input. */
#pragma once

#include <stdint.h>

/** pl011_init() - the UART at @base, 8N1, FIFOs on, receive interrupts off. */
void pl011_init(uintptr_t base);

/** pl011_putc() - write @c, waiting while the FIFO is full ("\n" goes out as "\r\n"). */
void pl011_putc(char c);

/** pl011_rx_attach() - call @fn for each character received, from interrupt @irq. */
void pl011_rx_attach(unsigned irq, void (*fn)(char c));
