/* SPDX-License-Identifier: MIT */
/* Program status register fields of ARMv7: ARM's and these; usable from C and assembly. */
#pragma once

#include <arm/psr.h>

#define PSR_MODE_MON 0x16
#define PSR_MODE_HYP 0x1a

#define PSR_A	    (1 << 8)  /* asynchronous abort masked */
#define PSR_J	    (1 << 24) /* Jazelle state */
/* The Thumb IT state: IT[1:0] in bits 26:25, IT[7:2] in bits 15:10. */
#define PSR_IT_MASK ((3 << 25) | (0x3f << 10))
