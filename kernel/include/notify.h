/* SPDX-License-Identifier: MIT */
/*
 * Notifications: a word of bits. Signal ORs bits in; wait takes them all
 * (blocking until there are some), poll takes them without blocking. An
 * interrupt is delivered by signalling one. Bound to a VCPU, a signal also
 * raises a virtual interrupt in that guest (a doorbell into a VM cell).
 *
 * A signal from another core than the notification's home is posted, not
 * forwarded: the caller ORs its bits into its core's post slot and, unless
 * a post from this core is already on its way, sends the slot home
 * (XOP_SIGNAL) and returns. The sender never waits for the home core (a
 * busy or distant home cannot stall it), and one slot per sending core
 * keeps each core's signals in order with its later requests to that home.
 */
#pragma once

#include <config.h>
#include <kobj.h>
#include <list.h>
#include <xcall.h>

struct thread;
struct notify;

/* Signals from one other core, on their way home. */
struct notify_post {
	struct xreq req;  /* XOP_SIGNAL */
	struct notify *n; /* whose slot this is */
	uint32_t bits;	  /* ORed in by the sending core, taken at home (atomic) */
	uint32_t in_ring; /* req is on its way: a reference is held for it (atomic) */
};

struct notify {
	struct kobj obj;
	uint32_t bits;				  /* signalled, not yet taken */
	struct list waiters;			  /* blocked in wait */
	struct thread *vcpu;			  /* raised at each signal (a reference), or NULL */
	uint16_t virq;				  /* ... as this virtual interrupt */
	struct notify_post post[CONFIG_MAX_CPUS]; /* by sending core */
};

/** notify_posted() - XOP_SIGNAL: apply what a core posted. Home core. */
void notify_posted(struct xreq *req);

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
