/* SPDX-License-Identifier: MIT */
/* Compiler helpers used across the kernel: attributes, branch hints, once-access. */
#pragma once

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define __aligned(n)   __attribute__((aligned(n)))
#define __section(s)   __attribute__((section(s)))
#define __noreturn     __attribute__((noreturn))
#define __used	       __attribute__((used))
#define __printf(f, a) __attribute__((format(printf, f, a)))
#define __packed       __attribute__((packed))
#define __noinline     __attribute__((noinline))
/* Every call in the function inlined where the body is known (LTO: across files). */
#define __flatten      __attribute__((flatten))
#ifndef __always_inline /* the host C library has its own */
#define __always_inline inline __attribute__((always_inline))
#endif

#define ARRAY_SIZE(a)		 (sizeof(a) / sizeof((a)[0]))
#define STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)

/*
 * READ_ONCE/WRITE_ONCE: a single, untorn access the compiler may not merge,
 * repeat or elide. They order nothing across cores: pair them with the
 * barriers in <arch/barrier.h> or use the __atomic builtins.
 */
#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
