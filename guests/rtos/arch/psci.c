// SPDX-License-Identifier: MIT
/* PSCI SYSTEM_RESET through an HVC or SMC (SMC Calling Convention, 32-bit). */
#include <stdint.h>

#include <arch/psci.h>

#define PSCI_SYSTEM_RESET  0x84000009u
#define PSCI_NOT_SUPPORTED (-1)

static enum psci_conduit conduit; /* set at boot, before the first task; read after */

void psci_init(enum psci_conduit c)
{
	conduit = c;
}

bool psci_present(void)
{
	return conduit != PSCI_NONE;
}

/* The function ID in r0, arguments (none here) in r1-r3; the result in r0. */
static int32_t call_hvc(uint32_t fn)
{
	register uint32_t r0 __asm__("r0") = fn;

	__asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0)::"r1", "r2", "r3", "memory");
	return (int32_t)r0;
}

static int32_t call_smc(uint32_t fn)
{
	register uint32_t r0 __asm__("r0") = fn;

	__asm__ volatile(".arch_extension sec\n\tsmc #0" : "+r"(r0)::"r1", "r2", "r3", "memory");
	return (int32_t)r0;
}

int psci_system_reset(void)
{
	if (conduit == PSCI_HVC)
		return call_hvc(PSCI_SYSTEM_RESET);
	if (conduit == PSCI_SMC)
		return call_smc(PSCI_SYSTEM_RESET);
	return PSCI_NOT_SUPPORTED;
}
