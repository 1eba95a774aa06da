/* SPDX-License-Identifier: MIT */
/* Output before (or without) the kernel proper: raw UART writes, no locks. */
#pragma once

#include <types.h>

/** early_putc() - write @c to the PL011 at @base, waiting for FIFO room. */
void early_putc(uintptr_t base, char c);

/**
 * boot_no_virt() - say that this machine cannot run Cella and return (the
 * caller parks the core). Called from the boot shim with a stack but no
 * MMU, possibly on a CPU without hardware divide: prints without dividing.
 */
void boot_no_virt(uint32_t midr);
