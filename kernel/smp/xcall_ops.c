// SPDX-License-Identifier: MIT
/*
 * Threads across cores: forwarding a thread's system call to the home of
 * the object it names, holding the thread there while it waits, sending it
 * home when the wait ends, cancelling a held wait, moving a thread to
 * another core, and destroying objects on their home core. The rules for
 * who writes which thread field are in thread.h; the transport in xcall.c.
 */
#include <atomic.h>
#include <console.h>
#include <err.h>
#include <cpu.h>
#include <ipc.h>
#include <kobj.h>
#include <notify.h>
#include <panic.h>
#include <sched.h>
#include <space.h>
#include <thread.h>
#include <vcpu.h>
#include <xcall.h>

static cpuid_t me(void)
{
	return this_cpu()->id;
}

int xcall_forward(struct thread *t, cpuid_t dst, xcall_fn *fn)
{
	if (thread_here(t))
		t->held = true; /* else a holder passes it on: its home still sees it held */
	t->holder = (uint8_t)dst;
	t->req.op = XOP_RUN;
	t->req.fn = fn;
	xcall_send(dst, &t->req);
	return SYSCALL_BLOCKED;
}

void xcall_ready(struct thread *t)
{
	cpuid_t home = t->obj.home;

	t->holder = (uint8_t)home; /* written before the push: the home reads it after */
	t->req.op = XOP_READY;
	xcall_send(home, &t->req);
}

void xcall_release(struct kobj *obj, cpuid_t dst)
{
	obj->release.op = XOP_RELEASE;
	xcall_send(dst, &obj->release);
}

void xcall_cancel(struct thread *t)
{
	cpuid_t holder = atomic_load(&t->holder, __ATOMIC_ACQUIRE);

	if (!t->held || t->cancelling || holder == me())
		return; /* nothing held elsewhere, or already on its way home */
	t->cancelling = true;
	t->cancel.op = XOP_CANCEL;
	xcall_send(holder, &t->cancel);
}

void xcall_ship(struct thread *t, cpuid_t dst)
{
	t->in_transit = (uint8_t)dst; /* requests for it follow it from here */
	t->holder = (uint8_t)dst;
	t->req.op = XOP_ADOPT;
	xcall_send(dst, &t->req);
}

/* The thread a request is about (see struct xreq). */
static struct thread *req_thread(struct xreq *req)
{
	return list_entry(req, struct thread, req);
}

static struct thread *cancel_thread(struct xreq *req)
{
	return list_entry(req, struct thread, cancel);
}

static void op_run(struct xreq *req)
{
	struct thread *t = req_thread(req);

	t->req.fn(t);
}

/* The holder let @t go: it runs again here, or stops if the holder said so. */
static void op_ready(struct xreq *req)
{
	struct thread *t = req_thread(req);

	t->held = false;
	if (t->dying) {
		thread_finish(t);
		return;
	}
	if (t->stop_on_return) {
		t->stop_on_return = false;
		thread_stop(t);
		return;
	}
	sched_ready_released(t);
}

static void op_adopt(struct xreq *req)
{
	struct thread *t = req_thread(req);

	/* From now on requests come here directly: the thread is here. */
	atomic_store(&t->obj.home, (uint8_t)me(), __ATOMIC_RELEASE);
	t->in_transit = CPU_NONE;
	if (t->state == THREAD_RUNNABLE)
		sched_ready(t);
}

/* End @t's wait if this core holds it; then the request goes on or home. */
static void op_cancel(struct xreq *req)
{
	struct thread *t = cancel_thread(req);
	cpuid_t holder = atomic_load(&t->holder, __ATOMIC_ACQUIRE);

	if (holder == me() && !thread_here(t))
		ipc_abort(t, ERR_STATE); /* sends it home: holder becomes its home */
	holder = READ_ONCE(t->holder);
	if (holder != me() && holder != t->obj.home) {
		xcall_send(holder, req); /* handed on to another core's wait: follow */
		return;
	}
	req->op = XOP_CANCELLED;
	if (thread_here(t))
		xcall_handle(req);
	else
		xcall_send(t->obj.home, req);
}

static void op_cancelled(struct xreq *req)
{
	struct thread *t = cancel_thread(req);

	t->cancelling = false;
	if (t->dying)
		thread_finish(t);
}

static void op_release(struct xreq *req)
{
	struct kobj *obj = list_entry(req, struct kobj, release);

	if (obj->home == me())
		kobj_destroy(obj);
	else
		xcall_release(obj, obj->home); /* a thread that moved on meanwhile */
}

static void (*const ops[])(struct xreq *req) = {
	[XOP_RUN] = op_run,	      [XOP_READY] = op_ready,	      [XOP_ADOPT] = op_adopt,
	[XOP_CANCEL] = op_cancel,     [XOP_CANCELLED] = op_cancelled, [XOP_RELEASE] = op_release,
	[XOP_SIGNAL] = notify_posted, [XOP_REAP] = space_reap,
};

void xcall_handle(struct xreq *req)
{
	BUG_ON(req->op >= ARRAY_SIZE(ops));
	ops[req->op](req);
}
