/* SPDX-License-Identifier: MIT */
/*
 * Atomic operations and fences for the portable kernel: the one place it
 * reaches them. Each is its compiler builtin's shape (pointer, value,
 * __ATOMIC_* memory order), implemented by the architecture: with the
 * builtins where the core has exclusive loads and stores (ARMv7), by
 * masking interrupts on a single core where it has none (ARMv5).
 */
#pragma once

#include <arch/atomic.h>

#define atomic_load(p, mo)	  arch_atomic_load(p, mo)
#define atomic_store(p, v, mo)	  arch_atomic_store(p, v, mo)
#define atomic_exchange(p, v, mo) arch_atomic_exchange(p, v, mo)
#define atomic_cmpxchg(p, expected, v, weak, ok, fail) \
	arch_atomic_cmpxchg(p, expected, v, weak, ok, fail)
#define atomic_fetch_add(p, v, mo) arch_atomic_fetch_add(p, v, mo)
#define atomic_fetch_sub(p, v, mo) arch_atomic_fetch_sub(p, v, mo)
#define atomic_fetch_or(p, v, mo)  arch_atomic_fetch_or(p, v, mo)
#define atomic_fetch_and(p, v, mo) arch_atomic_fetch_and(p, v, mo)
#define atomic_sub_fetch(p, v, mo) arch_atomic_sub_fetch(p, v, mo)
#define atomic_fence(mo)	   arch_atomic_fence(mo)
