/* SPDX-License-Identifier: MIT */
/* The PL011 UART driver's one entry besides the console hooks (console.h). */
#pragma once

#include <types.h>

/** pl011_putc() - write @c to the PL011 at @base, waiting for FIFO room; no locks, MMU on or off. */
void pl011_putc(uintptr_t base, char c);
