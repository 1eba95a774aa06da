/* SPDX-License-Identifier: MIT */
/* Program status register fields of ARMv5: ARM's; usable from C and assembly. */
#pragma once

#include <arm/psr.h>

/* No Thumb IT state before ARMv6T2: nothing for thread_arch_set_pc() to clear. */
#define PSR_IT_MASK 0
