/* SPDX-License-Identifier: MIT */
/* Build-time limits of the kernel. One place, named, no magic numbers elsewhere. */
#pragma once

#include <board.h>

/* Most cores one image supports (the board's); the number online is found at boot. */
#define CONFIG_MAX_CPUS BOARD_MAX_CPUS

/* Scheduler tick per core, in Hz. */
#define CONFIG_HZ 100

/* Per-core kernel stack: 1 << CONFIG_STACK_SHIFT bytes. */
#define CONFIG_STACK_SHIFT 13
#define CONFIG_STACK_SIZE  (1 << CONFIG_STACK_SHIFT)

/* Coherency granule: data written often by one core sits alone in one. */
#define CACHE_LINE 64

/* How long the boot core waits for a secondary core to join, in ms. */
#define CONFIG_CPU_JOIN_TIMEOUT_MS 2000
