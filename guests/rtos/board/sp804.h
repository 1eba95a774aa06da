/* SPDX-License-Identifier: MIT */
/* The SP804 dual timer: its first timer as a periodic interrupt source. */
#pragma once

#include <stdint.h>

/** sp804_start() - interrupt @irq every @period_us, calling @fn from the handler. */
void sp804_start(uintptr_t base, unsigned irq, uint32_t period_us, void (*fn)(void));
