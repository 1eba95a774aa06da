/* SPDX-License-Identifier: MIT */
/*
 * ARMv5 atomics (kernel/include/atomic.h). The ARM926 has no exclusive
 * loads and stores, and one core: an operation is atomic if no interrupt
 * handler runs in its middle, so each masks IRQs around plain accesses (the
 * kernel mostly runs masked already; then the masking costs two msr). The
 * memory order needs no instruction: one core sees its own accesses in
 * program order, so a compiler barrier (the asm's "memory") is the fence.
 * Any size works, 64-bit values too.
 */
#pragma once

#include <arch/irqflags.h>

#define arch_atomic_compiler_fence() __asm__ volatile("" ::: "memory")

/* Run @body with IRQs masked; @body's value is the result. */
#define arch_atomic_masked(body)                        \
	({                                              \
		unsigned long flags_ = arch_irq_save(); \
		__auto_type result_ = (body);           \
		arch_irq_restore(flags_);               \
		result_;                                \
	})

#define arch_atomic_vol(p) (*(volatile __typeof__(*(p)) *)(p))

#define arch_atomic_load(p, mo) arch_atomic_masked(arch_atomic_vol(p))
#define arch_atomic_store(p, v, mo)                     \
	do {                                            \
		unsigned long flags_ = arch_irq_save(); \
		arch_atomic_vol(p) = (v);               \
		arch_irq_restore(flags_);               \
	} while (0)

/* *@p becomes (old OP @v); the value is old, or the new value if @new_value. */
#define arch_atomic_rmw(p, v, op, new_value)                            \
	({                                                              \
		unsigned long flags_ = arch_irq_save();                 \
		__typeof__(*(p)) old_ = arch_atomic_vol(p);             \
		__typeof__(*(p)) new_ = (__typeof__(*(p)))(old_ op(v)); \
		arch_atomic_vol(p) = new_;                              \
		arch_irq_restore(flags_);                               \
		(new_value) ? new_ : old_;                              \
	})

#define arch_atomic_exchange(p, v, mo)                      \
	({                                                  \
		unsigned long flags_ = arch_irq_save();     \
		__typeof__(*(p)) old_ = arch_atomic_vol(p); \
		arch_atomic_vol(p) = (v);                   \
		arch_irq_restore(flags_);                   \
		old_;                                       \
	})

#define arch_atomic_cmpxchg(p, expected, v, weak, ok, fail) \
	({                                                  \
		unsigned long flags_ = arch_irq_save();     \
		__typeof__(*(p)) old_ = arch_atomic_vol(p); \
		bool same_ = old_ == *(expected);           \
		if (same_)                                  \
			arch_atomic_vol(p) = (v);           \
		else                                        \
			*(expected) = old_;                 \
		arch_irq_restore(flags_);                   \
		same_;                                      \
	})

#define arch_atomic_fetch_add(p, v, mo) arch_atomic_rmw(p, v, +, false)
#define arch_atomic_fetch_sub(p, v, mo) arch_atomic_rmw(p, v, -, false)
#define arch_atomic_fetch_or(p, v, mo)	arch_atomic_rmw(p, v, |, false)
#define arch_atomic_fetch_and(p, v, mo) arch_atomic_rmw(p, v, &, false)
#define arch_atomic_sub_fetch(p, v, mo) arch_atomic_rmw(p, v, -, true)
#define arch_atomic_fence(mo)		arch_atomic_compiler_fence()
