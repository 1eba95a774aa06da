// SPDX-License-Identifier: MIT
/*
 * Test-only kernel faults only ARMv7 raises: SVC and HVC in HYP (every ARM
 * arch's are arch/arm-common/ktest/kfault.c's).
 */
#include <kfault.h>

#include <arm/kfault.h>

static void raise_svc(void)
{
	__asm__ volatile("svc #0");
}

static void raise_hvc(void)
{
	__asm__ volatile(".arch_extension virt\n\thvc #0");
}

const struct kfault_kind kfault_arm_arch_kinds[] = {
	{"svc", raise_svc},
	{"hvc", raise_hvc},
	{NULL, NULL},
};

const char *kfault_arch_kinds(void)
{
	return "undef, dabt, pabt, svc, hvc, stack";
}
