/* SPDX-License-Identifier: MIT */
/* The kernel's short-descriptor first-level table, which every space shares (space.h). */
#pragma once

#include <types.h>

/* First-level descriptors (ARMv5 short format). */
#define L1_COARSE    0x11u /* coarse page table, bit 4 set as the ARM926 wants */
#define L1_SECTION   0x12u
#define L1_SECT_B    (1u << 2)
#define L1_SECT_C    (1u << 3)
#define L1_SECT_AP_K (1u << 10) /* AP 01: kernel read-write, user none */
#define L1_DOMAIN(d) ((uint32_t)(d) << 5)

/* Small-page second-level descriptors; AP is given for all four subpages. */
#define L2_SMALL     0x2u
#define L2_B	     (1u << 2)
#define L2_C	     (1u << 3)
#define L2_AP(ap)    ((uint32_t)(ap)*0x55u << 4)
#define AP_KERNEL_RO 0 /* with SCTLR.S */
#define AP_KERNEL_RW 1
#define AP_USER_RO   2
#define AP_USER_RW   3

#define L2_ENTRIES 256 /* a coarse table: 1 MiB in 4 KiB pages, 1 KiB */

/* The kernel's first-level table (mmu.c): 4096 entries, 16 KiB-aligned. */
extern uint32_t mmu_l1[4096];
