// SPDX-License-Identifier: MIT
/* The pvpanic device: one byte, read for the events it supports, written with those that happened. */
#include <board/pvpanic.h>

static volatile uint8_t *reg; /* set at boot, before the first task; read after */

void pvpanic_init(uint64_t pa)
{
	reg = pa ? (volatile uint8_t *)(uintptr_t)pa : 0;
	if (reg && !(*reg & PVPANIC_PANICKED))
		reg = 0; /* a device that cannot say "panicked" is no use to us */
}

bool pvpanic_present(void)
{
	return reg != 0;
}

void pvpanic_report(void)
{
	if (reg)
		*reg = PVPANIC_PANICKED;
}
