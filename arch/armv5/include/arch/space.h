/* SPDX-License-Identifier: MIT */
/*
 * ARMv5 part of an address space: its own first-level table (16 KiB,
 * 16 KiB-aligned), taken from a reserve the kernel sets aside at boot (the
 * kernel-memory pools' blocks are at most a page), as a space on ARMv7
 * takes a VMID. The table holds the kernel's entries outside the user
 * window and the space's coarse tables (1 KiB each, from its pool) inside.
 */
#pragma once

#include <types.h>

#include <uapi/cella/layout.h>

/* The user window: virtual addresses a space may map, 1 MiB per first-level entry. */
#define SPACE_WINDOW_BASE USER_BASE
#define SPACE_WINDOW_END  USER_END

/* First-level tables set aside at boot: at most this many spaces at once (1 MiB). */
#define SPACE_L1_TABLES 64

struct arch_space {
	uint32_t *l1; /* the first-level table, NULL until space_arch_init() */
};
