/* SPDX-License-Identifier: MIT */
/*
 * Test-only kernel faults on ARM (kfault.h): arch/arm-common/ktest/kfault.c
 * raises those every ARM arch can (undef, dabt, pabt, stack) and looks a
 * kind up; the arch lists those only it raises, and names them all for
 * messages (kfault_arch_kinds()).
 */
#pragma once

#include <types.h>

/* A fault kfault=NAME raises. */
struct kfault_kind {
	const char *name;
	void (*raise)(void);
};

/* Must be implemented by the architecture (its ktest/kfault.c): */

/* The kinds only this arch raises, up to one with no name. */
extern const struct kfault_kind kfault_arm_arch_kinds[];
