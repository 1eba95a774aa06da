/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlock: FIFO-fair, one word. Waiters sleep in WFE and the
 * releasing core's SEV wakes them, so a waiting core burns no instructions
 * (DESIGN.md, Measuring). Each lock's declaration names what it guards.
 *
 * Ordering: spin_lock() is an acquire (the load of owner that matches our
 * ticket), spin_unlock() a release (the store that advances owner); they
 * pair with each other, so everything written inside one critical section
 * is visible to the next holder.
 */
#pragma once

#include <atomic.h>
#include <types.h>

#include <arch/cpu.h>

struct spinlock {
	uint16_t owner; /* ticket now served; written by the holder */
	uint16_t next;	/* next ticket to hand out; fetch-and-add by waiters */
};

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

static inline void spin_lock(struct spinlock *lock)
{
	uint16_t ticket = atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

	while (atomic_load(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		arch_wait_event();
}

static inline void spin_unlock(struct spinlock *lock)
{
	uint16_t served = lock->owner;

	atomic_store(&lock->owner, (uint16_t)(served + 1), __ATOMIC_RELEASE);
	arch_send_event();
}

static inline bool spin_is_locked(struct spinlock *lock)
{
	return atomic_load(&lock->owner, __ATOMIC_RELAXED) !=
	       atomic_load(&lock->next, __ATOMIC_RELAXED);
}
