/* SPDX-License-Identifier: MIT */
/*
 * Notifications: a word of bits. Signal ORs bits in; wait takes them all
 * (blocking until there are some), poll takes them without blocking. An
 * interrupt is delivered by signalling one.
 */
#pragma once

#include <kobj.h>
#include <list.h>

struct thread;

struct notify {
	struct kobj obj;
	uint32_t bits;	     /* signalled, not yet taken */
	struct list waiters; /* blocked in wait */
};

/** notify_signal() - OR @bits in; wakes the first waiter with all bits. */
void notify_signal(struct notify *n, uint32_t bits);

/** notify_destroy() - destructor: waiters fail with ERR_STATE. */
bool notify_destroy(struct kobj *obj);

/* System calls. */
int sys_notify_create(struct thread *self, const uint32_t *args);
int sys_signal(struct thread *self, const uint32_t *args);
int sys_wait(struct thread *self, const uint32_t *args);
int sys_poll(struct thread *self, const uint32_t *args);
