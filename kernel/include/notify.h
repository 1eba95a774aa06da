/* SPDX-License-Identifier: MIT */
/*
 * Notifications: a word of bits. Signal ORs bits in; wait takes them all
 * (blocking until there are some), poll takes them without blocking. An
 * interrupt is delivered by signalling one. Bound to a VCPU, a signal also
 * raises a virtual interrupt in that guest (a doorbell into a VM cell).
 */
#pragma once

#include <kobj.h>
#include <list.h>

struct thread;

struct notify {
	struct kobj obj;
	uint32_t bits;	     /* signalled, not yet taken */
	struct list waiters; /* blocked in wait */
	struct thread *vcpu; /* raised at each signal (a reference), or NULL */
	uint16_t virq;	     /* ... as this virtual interrupt */
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
int sys_notify_set_vcpu(struct thread *self, const uint32_t *args);
