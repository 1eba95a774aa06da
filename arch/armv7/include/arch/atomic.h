/* SPDX-License-Identifier: MIT */
/* ARMv7 atomics (kernel/include/atomic.h): the compiler's builtins, LDREX/STREX and DMB. */
#pragma once

#define arch_atomic_load(p, mo)	       __atomic_load_n(p, mo)
#define arch_atomic_store(p, v, mo)    __atomic_store_n(p, v, mo)
#define arch_atomic_exchange(p, v, mo) __atomic_exchange_n(p, v, mo)
#define arch_atomic_cmpxchg(p, expected, v, weak, ok, fail) \
	__atomic_compare_exchange_n(p, expected, v, weak, ok, fail)
#define arch_atomic_fetch_add(p, v, mo) __atomic_fetch_add(p, v, mo)
#define arch_atomic_fetch_sub(p, v, mo) __atomic_fetch_sub(p, v, mo)
#define arch_atomic_fetch_or(p, v, mo)	__atomic_fetch_or(p, v, mo)
#define arch_atomic_fetch_and(p, v, mo) __atomic_fetch_and(p, v, mo)
#define arch_atomic_sub_fetch(p, v, mo) __atomic_sub_fetch(p, v, mo)
#define arch_atomic_fence(mo)		__atomic_thread_fence(mo)
