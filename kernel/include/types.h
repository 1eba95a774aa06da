/* SPDX-License-Identifier: MIT */
/*
 * Fixed-width and kernel scalar types shared by every architecture.
 *
 * The freestanding kernel defines the fixed-width types itself, so that
 * uint32_t is "unsigned int" on every 32-bit target and prints with %u/%x
 * (arm-none-eabi's own <stdint.h> makes it "long"). Host builds of the
 * portable code (unit tests) use the C library's.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#if __STDC_HOSTED__
#include <stdint.h>
#else
typedef signed char int8_t;
typedef unsigned char uint8_t;
typedef short int16_t;
typedef unsigned short uint16_t;
typedef int int32_t;
typedef unsigned int uint32_t;
typedef long long int64_t;
typedef unsigned long long uint64_t;
typedef long intptr_t;
typedef unsigned long uintptr_t;
typedef long long intmax_t;
typedef unsigned long long uintmax_t;
#define UINT16_MAX 0xffffu
#define UINT32_MAX 0xffffffffu
#define UINT64_MAX 0xffffffffffffffffull
#define SIZE_MAX   __SIZE_MAX__
_Static_assert(sizeof(uintptr_t) == sizeof(void *), "uintptr_t holds a pointer");
#endif

typedef uint64_t paddr_t;     /* physical address (LPAE: up to 40 bits) */
typedef uintptr_t vaddr_t;    /* kernel virtual address */
typedef unsigned int cpuid_t; /* logical core number, 0 .. CONFIG_MAX_CPUS-1 */
typedef uint64_t ticks_t;     /* generic-timer counter value */
