/* SPDX-License-Identifier: MIT */
/*
 * Cross-core requests (DESIGN.md principle 2). Only an object's home core
 * changes it; a core that needs work done on another core's object puts a
 * request in its ring to that core (struct ring, one per ordered pair of
 * cores) and rings the doorbell (an inter-core interrupt), unless the target is already draining
 * its rings. The target does the work in its own context.
 *
 * Requests are nodes embedded in the objects they concern (struct xreq in
 * a thread or kernel object), never allocated: a thread has at most one
 * request of its own in flight, because it is blocked while it is out.
 * A full ring therefore never loses anything: the request waits, in order,
 * on the sender's private overflow queue until the target makes room.
 *
 * Doorbells (kernel/include/inbox.h; modelled in stress/model/): after a
 * push the producer sets its bit in the target's inbox word by compare-and-
 * exchange and rings the doorbell only if the target was neither draining,
 * nor already flagged for this ring, nor rung by another core since its
 * last drain began (INBOX_RUNG). The target drains only the flagged rings,
 * at most INBOX_BUDGET requests from each source per drain; a source with
 * more waiting is deferred to the target's tick, or to when it is idle.
 * A producer whose ring is full sets want_space[p][d], fences and retries
 * once; the consumer, after popping from that ring, fences, reads
 * want_space and rings p back, which then flushes its overflow queue.
 */
#pragma once

#include <config.h>
#include <list.h>
#include <types.h>

struct thread;
struct kobj;

enum xop {
	XOP_RUN,       /* run fn(thread) here: a system call forwarded to this core */
	XOP_READY,     /* the thread (homed here) may run again: its wait ended */
	XOP_ADOPT,     /* the thread moves to this core */
	XOP_CANCEL,    /* end the thread's wait if it is held here, else pass it on */
	XOP_CANCELLED, /* a cancel request is back at the thread's home */
	XOP_RELEASE,   /* the object (homed here) lost its last reference */
	XOP_SIGNAL,    /* bits posted to a notification homed here (notify.h) */
	XOP_REAP,      /* a space's final teardown, going round the cores (space.h) */
};

typedef void xcall_fn(struct thread *t);

/*
 * What a request is about follows from where the node is: a thread's req
 * (XOP_RUN, READY, ADOPT), a thread's cancel (XOP_CANCEL, CANCELLED), an
 * object's release (XOP_RELEASE), a
 * notification's post slot (XOP_SIGNAL), a space's teardown (XOP_REAP);
 * kernel/smp/xcall_ops.c finds it from there.
 */
struct xreq {
	struct list link; /* in an overflow queue while it waits for ring space */
	uint8_t op;	  /* enum xop */
	xcall_fn *fn;	  /* XOP_RUN: what to do */
};

/* Written only by its core, read by the others: one cache line. */
struct xcall_shared {
	uint32_t want_space[CONFIG_MAX_CPUS]; /* our ring to core i was full */
} __attribute__((aligned(CACHE_LINE)));

/* Private to its core. */
struct xcall_local {
	struct list overflow[CONFIG_MAX_CPUS]; /* requests waiting for ring space */
	uint32_t queued;		       /* bit d: overflow[d] is not empty */
	uint32_t sent;			       /* requests pushed, all targets */
	uint32_t doorbells;		       /* doorbells rung, all targets */
	uint32_t handled;		       /* requests handled here */
	uint32_t deferred;		       /* bit s: source s is over its budget (inbox.h) */
	uint32_t deferrals;		       /* drains of deferred sources (tick, idle) */
};

/** xcall_init() - the rings, empty. Boot core, before other cores start. */
void xcall_init(void);

/** xcall_init_cpu() - this core's queues. Every core, before it is online. */
void xcall_init_cpu(void);

/** xcall_send() - deliver @req to core @dst (not this core). Kernel context. */
void xcall_send(cpuid_t dst, struct xreq *req);

/**
 * xcall_drain() - handle the requests waiting for this core, within the
 * budget, but none from deferred sources: the doorbell's handler. IRQs masked.
 */
void xcall_drain(void);

/**
 * xcall_serve_deferred() - drain, deferred sources too, if any is: at the
 * tick, and when the core has nothing else to run. False if none was. IRQs masked.
 */
bool xcall_serve_deferred(void);

/**
 * xcall_forward() - run @fn(@t) on core @dst instead of here: @t (homed
 * here, in a system call or a fault) is held until @dst or a later holder
 * makes it ready again. Returns SYSCALL_BLOCKED for the system call.
 */
int xcall_forward(struct thread *t, cpuid_t dst, xcall_fn *fn);

/** xcall_ready() - @t (homed elsewhere, its wait ended here) goes home to run. */
void xcall_ready(struct thread *t);

/** xcall_release() - @obj lost its last reference: core @dst (not this one) destroys it. */
void xcall_release(struct kobj *obj, cpuid_t dst);

/** xcall_cancel() - end the wait of @t (homed here, held elsewhere) early. */
void xcall_cancel(struct thread *t);

/** xcall_ship() - @t (homed here, not queued, not waiting) moves to core @dst. */
void xcall_ship(struct thread *t, cpuid_t dst);

/** xcall_handle() - carry out @req, which a ring brought here (kernel/smp/xcall_ops.c). */
void xcall_handle(struct xreq *req);
