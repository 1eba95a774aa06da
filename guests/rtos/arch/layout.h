/* SPDX-License-Identifier: MIT */
/*
 * Where the RTOS lives: the virtual address it is linked at (rtos.ld says
 * the same), the first-level (1 MiB section) descriptors it maps with, and
 * the processor modes and bits the assembly needs. Usable from assembly.
 */
#pragma once

#define RTOS_LINK_BASE 0x40000000 /* rtos.ld's start; no RAM lives here on vexpress */
#define RTOS_ELF_LOAD  0x80000000 /* where the ELF asks to be loaded: vexpress RAM */
#define RTOS_WINDOW    0x40000000 /* the most RAM mapped at RTOS_LINK_BASE: 1 GiB */
#define BOOT_MAP_MB    4	  /* sections start.S maps there: the whole footprint */
#define SECTION_SHIFT  20
#define SECTION_SIZE   (1 << SECTION_SHIFT)

/* Section descriptors: PL1 read/write, domain 0. */
#define SECT_TYPE  0x2
#define SECT_B	   (1 << 2)
#define SECT_C	   (1 << 3)
#define SECT_XN	   (1 << 4)
#define SECT_AP_RW (1 << 10)
#define SECT_TEX1  (1 << 12)
#define SECT_NORMAL \
	(SECT_TYPE | SECT_B | SECT_C | SECT_TEX1 | SECT_AP_RW)	/* write-back, allocate */
#define SECT_DEVICE (SECT_TYPE | SECT_B | SECT_XN | SECT_AP_RW) /* shareable Device */

#define TTBR_WBWA 0x48 /* table walks: inner and outer write-back write-allocate */

#define MODE_MASK 0x1f
#define MODE_SVC  0x13
#define MODE_HYP  0x1a
#define PSR_F	  (1 << 6)
#define PSR_I	  (1 << 7)
#define PSR_A	  (1 << 8)

#define SCTLR_M (1 << 0)
#define SCTLR_A (1 << 1)
#define SCTLR_C (1 << 2)
#define SCTLR_Z (1 << 11)
#define SCTLR_I (1 << 12)
#define SCTLR_V (1 << 13)

/* Exception kinds vectors.S passes to arch_exception(). */
#define EXC_UNDEF 1
#define EXC_SVC	  2
#define EXC_PABT  3
#define EXC_DABT  4
#define EXC_FIQ	  5
