/* SPDX-License-Identifier: MIT */
/*
 * ARMv5 part of an address space. There is one first-level table, the
 * kernel's (a 16 KiB table per space would not fit the kernel-memory
 * pools, whose blocks are at most a page): a space owns the first-level
 * entries of the user window, each a coarse second-level table (1 KiB)
 * from its pool, and activating it copies them into the window (space.c).
 */
#pragma once

#include <types.h>

/* The user window: virtual addresses a space may map, 1 MiB per first-level entry. */
#define SPACE_WINDOW_BASE 0x20000000u
#define SPACE_WINDOW_MIBS 32

struct arch_space {
	uint32_t l1[SPACE_WINDOW_MIBS]; /* first-level entries: coarse tables, or 0 */
};
