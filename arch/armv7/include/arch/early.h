/* SPDX-License-Identifier: MIT */
/* Output before (or without) the kernel proper: raw UART writes, no locks. */
#pragma once

#include <types.h>

/**
 * boot_no_virt() - say that this machine cannot run Cella and return (the
 * caller parks the core). Called from the boot shim with a stack but no
 * MMU, possibly on a CPU without hardware divide: prints without dividing,
 * through pl011_putc() (drivers/pl011.c).
 */
void boot_no_virt(uint32_t midr);
