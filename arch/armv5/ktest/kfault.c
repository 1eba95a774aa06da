// SPDX-License-Identifier: MIT
/*
 * Test-only kernel faults only ARMv5 raises: SVC in SVC, which overwrites
 * LR_svc (every ARM arch's are arch/arm-common/ktest/kfault.c's).
 */
#include <kfault.h>

#include <arm/kfault.h>

static void raise_svc(void)
{
	__asm__ volatile("svc #0" ::: "lr");
}

const struct kfault_kind kfault_arm_arch_kinds[] = {
	{"svc", raise_svc},
	{NULL, NULL},
};

const char *kfault_arch_kinds(void)
{
	return "undef, dabt, pabt, svc, stack";
}
