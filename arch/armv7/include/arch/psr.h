/* SPDX-License-Identifier: MIT */
/* Program status register fields (CPSR/SPSR); usable from C and assembly. */
#pragma once

#define PSR_MODE_MASK 0x1f
#define PSR_MODE_USR  0x10
#define PSR_MODE_FIQ  0x11
#define PSR_MODE_IRQ  0x12
#define PSR_MODE_SVC  0x13
#define PSR_MODE_MON  0x16
#define PSR_MODE_ABT  0x17
#define PSR_MODE_HYP  0x1a
#define PSR_MODE_UND  0x1b
#define PSR_MODE_SYS  0x1f

#define PSR_T	    (1 << 5)  /* Thumb state */
#define PSR_F	    (1 << 6)  /* FIQ masked */
#define PSR_I	    (1 << 7)  /* IRQ masked */
#define PSR_A	    (1 << 8)  /* asynchronous abort masked */
#define PSR_J	    (1 << 24) /* Jazelle state */
/* The Thumb IT state: IT[1:0] in bits 26:25, IT[7:2] in bits 15:10. */
#define PSR_IT_MASK ((3 << 25) | (0x3f << 10))
