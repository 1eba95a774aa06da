/* SPDX-License-Identifier: MIT */
/*
 * Program status register fields (CPSR/SPSR) every ARM arch has; the arch's
 * <arch/psr.h> includes them and adds its own. Usable from C and assembly.
 */
#pragma once

#define PSR_MODE_MASK 0x1f
#define PSR_MODE_USR  0x10
#define PSR_MODE_FIQ  0x11
#define PSR_MODE_IRQ  0x12
#define PSR_MODE_SVC  0x13
#define PSR_MODE_ABT  0x17
#define PSR_MODE_UND  0x1b
#define PSR_MODE_SYS  0x1f

#define PSR_T (1 << 5) /* Thumb state */
#define PSR_F (1 << 6) /* FIQ masked */
#define PSR_I (1 << 7) /* IRQ masked */
