/* SPDX-License-Identifier: MIT */
/*
 * Threads: a user register context, a priority no higher than the
 * maximum its creator allowed, a home core it is pinned to, and the
 * address space it runs in.
 *
 * Who may write what. The home core owns the thread. While the thread
 * waits on an object homed on another core (its system call was forwarded
 * there, xcall.h), that core "holds" it: the holder alone writes the wait
 * fields (state, sleep and IPC links, blocked_on, caller, badge, the
 * message registers, fault record) until it sends the thread home with
 * XOP_READY; the push's release and the pop's acquire hand them back. The
 * home core meanwhile touches only what is marked home-owned below.
 */
#pragma once

#include <kobj.h>
#include <list.h>
#include <runq.h>
#include <sched.h>
#include <types.h>

#include <xcall.h>

#include <arch/thread.h>
#include <uapi/cella/ipc.h>

enum thread_state {
	THREAD_INACTIVE,      /* created, never started */
	THREAD_RUNNABLE,      /* running, or queued to run */
	THREAD_SLEEPING,      /* in its core's sleep queue */
	THREAD_BLOCKED_SEND,  /* in an endpoint's senders (send, call or fault) */
	THREAD_BLOCKED_RECV,  /* in an endpoint's receivers */
	THREAD_BLOCKED_REPLY, /* called; waiting for blocked_on (a thread) to reply */
	THREAD_BLOCKED_WAIT,  /* in a notification's waiters */
	THREAD_BLOCKED_VIRQ,  /* a VCPU whose guest waits for an interrupt (vcpu.h) */
	THREAD_STOPPED,	      /* exited, or faulted with nobody to handle it */
};

struct handle_slot;
struct space;
struct vcpu;

struct thread {
	struct kobj obj;
	uint32_t id;		 /* serial number, for reports */
	struct space *space;	 /* holds a reference; just below arch (fastpath.S) */
	struct arch_thread arch; /* saved user registers */
	struct runq_entry rq;	 /* rq.prio is the priority */
	struct list sleep_link;
	ticks_t wake_at;
	/*
	 * Whether it may run here, in one word that every kernel exit compares
	 * at once (sched.c): THREAD_RUNS_HERE, or a reason it may not.
	 */
	union {
		struct {
			enum thread_state state;
			uint8_t move_to; /* home-owned: CPU_NONE, or where it moves when next ready */
			bool suspended; /* held off the CPU by thread_suspend */
			bool held; /* home-owned: another core holds its wait; READY ends that */
		};
		uint32_t run_word;
	};
	uint8_t max_prio;
	uint8_t slice;	   /* ticks left in the time slice */
	bool timed;	   /* in the sleep queue: wake_at is a sleep's end or a timeout */
	struct vcpu *vcpu; /* the guest it runs, or NULL for a native thread */

	/* IPC (kernel/ipc.c) */
	struct list ipc_link;	   /* blocked: in an endpoint's or notification's queue */
	void *blocked_on;	   /* blocked: the endpoint, notification or replier */
	struct thread *caller;	   /* a caller waiting for this thread's reply */
	uint32_t badge;		   /* of the handle a blocked sender sends with */
	bool is_call;		   /* a sender waits for a reply (set by each ipc_send()) */
	bool may_grant;		   /* a blocked sender may pass a handle */
	uint32_t ipc_buffer;	   /* user address of its struct ipc_buffer, or 0 */
	struct endpoint *fault_ep; /* where its faults go (holds a reference) */
	uint32_t fault_badge;
	bool faulted; /* blocked sending fault_msg, not its registers */
	struct fault_msg fault_msg;

	/* Across cores (kernel/smp/xcall.c, kernel/smp/xcall_ops.c). */
	struct xreq req;     /* its forwarded work, then its way home: one at a time */
	struct xreq cancel;  /* its home's request to end a held wait early */
	uint8_t holder;	     /* the core holding its wait; its home when none does */
	bool stop_on_return; /* set by a holder: stop it instead of running it */
	/* Home-owned: */
	bool cancelling; /* the cancel request is out (held and move_to: above) */
	bool dying;	 /* its last reference is gone: free it once both nodes are home */
	/* CPU_NONE, or the core XOP_ADOPT is taking it to; its home stays the old
	 * core until the new one has it, so nothing reaches the new one first. */
	uint8_t in_transit;
};

#define CPU_NONE 0xff

/* run_word of a thread that may run: runnable, not moving, suspended or held (little-endian). */
#define THREAD_RUNS_HERE ((uint32_t)THREAD_RUNNABLE | (uint32_t)CPU_NONE << 8)
STATIC_ASSERT(sizeof(enum thread_state) == 1 &&
		      offsetof(struct thread, move_to) == offsetof(struct thread, state) + 1 &&
		      offsetof(struct thread, held) == offsetof(struct thread, state) + 3,
	      "run_word packs state, move_to, suspended and held in this order: the last two "
	      "are one halfword, which the IPC fast path tests at once");

/**
 * thread_keeps_core() - whether @cur, the thread running on the core of
 * scheduler @s, keeps it at this exit without the scheduler: its slice is
 * not over, it may still run and nothing ready outranks it. The common case
 * of every kernel exit (sched_exit(), syscall_entry()).
 */
static inline bool thread_keeps_core(const struct sched *s, const struct thread *cur)
{
	return !s->expired && cur->run_word == THREAD_RUNS_HERE &&
	       runq_top_prio(&s->rq) <= cur->rq.prio;
}

/**
 * thread_create() - an inactive thread in @space homed on core @home,
 * allocated from @pool. NULL if the pool is exhausted.
 */
struct thread *thread_create(struct kmem_pool *pool, struct space *space, cpuid_t home,
			     uint8_t prio, uint8_t max_prio);

/** thread_start() - set entry, stack and argument, and make @t runnable. */
void thread_start(struct thread *t, uint32_t entry, uint32_t sp, uint32_t arg);

/** thread_stop() - stop @t for good (exit, or an unhandled fault). */
void thread_stop(struct thread *t);

/** thread_timeout() - @t's sleep or timeout ended (called by the scheduler). */
void thread_timeout(struct thread *t);

/**
 * thread_destroy() - destructor: called on its home core when the last
 * reference goes. False while another core still holds its wait: the
 * memory is freed by thread_finish() when the thread's requests are home.
 */
bool thread_destroy(struct kobj *obj);

/** thread_finish() - free a dying thread once nothing in flight names it. */
void thread_finish(struct thread *t);

/** thread_here() - whether @t is homed on this core. */
bool thread_here(const struct thread *t);

/** thread_current() - the thread running on this core, or NULL. */
struct thread *thread_current(void);

/**
 * thread_managed() - the thread @h names in @self's space, with RIGHT_MANAGE,
 * if it is homed here; if it is homed elsewhere the system call goes there
 * (SYSCALL_BLOCKED, which the caller passes on as its result).
 */
int thread_managed(struct thread *self, uint32_t h, struct thread **t);

/**
 * thread_create_args() - check the (space, core, prio, max_prio) arguments
 * of a thread about to be created by @self, and take a reference on the
 * space (into @space; kobj_put() it). ERR_INVALID or a handle error.
 */
int thread_create_args(struct thread *self, const uint32_t *args, struct handle_slot *space);

/* System calls (arguments and errors: docs/syscalls.md). */
int sys_yield(struct thread *self, const uint32_t *args);
int sys_sleep(struct thread *self, const uint32_t *args);
int sys_thread_exit(struct thread *self, const uint32_t *args);
int sys_thread_create(struct thread *self, const uint32_t *args);
int sys_thread_start(struct thread *self, const uint32_t *args);
int sys_thread_set_prio(struct thread *self, const uint32_t *args);
int sys_thread_suspend(struct thread *self, const uint32_t *args);
int sys_thread_resume(struct thread *self, const uint32_t *args);
int sys_thread_set_fault_handler(struct thread *self, const uint32_t *args);
int sys_thread_set_ipc_buffer(struct thread *self, const uint32_t *args);
int sys_thread_move(struct thread *self, const uint32_t *args);

/* Must be implemented by the architecture: */

/** thread_arch_save() - keep in @t what of it only the registers hold (it leaves the kernel). */
void thread_arch_save(struct thread *t);

/**
 * thread_arch_switch() - @next (native or VCPU) runs on this core from now on,
 * after whatever ran before (saved by thread_arch_save()): switch what differs.
 */
void thread_arch_switch(struct thread *next);

/** thread_arch_init_user() - registers for entering user mode at @entry. */
void thread_arch_init_user(struct arch_thread *a, uint32_t entry, uint32_t sp, uint32_t arg);
