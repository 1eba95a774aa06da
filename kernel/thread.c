// SPDX-License-Identifier: MIT
/* Threads: creation, start, stop, priorities, suspension, and their system calls. */
#include <cpu.h>
#include <err.h>
#include <endpoint.h>
#include <handle.h>
#include <ipc.h>
#include <kmem.h>
#include <sched.h>
#include <smp.h>
#include <space.h>
#include <thread.h>
#include <timer.h>
#include <uaccess.h>
#include <vcpu.h>
#include <syscall.h>
#include <uapi/cella/ipc.h>

/* A thread takes one 256-byte block of its creator's kernel memory. */
STATIC_ASSERT(sizeof(struct thread) <= 256, "struct thread outgrew its 256-byte block");

struct thread *thread_current(void)
{
	return this_cpu()->sched.current;
}

bool thread_here(const struct thread *t)
{
	return t->obj.home == this_cpu()->id;
}

struct thread *thread_create(struct kmem_pool *pool, struct space *space, cpuid_t home,
			     uint8_t prio, uint8_t max_prio)
{
	struct thread *t = kobj_alloc(pool, KOBJ_THREAD, sizeof(*t));
	cpuid_t me = this_cpu()->id;

	if (!t)
		return NULL;
	/* Nothing else knows it yet; the ring that takes it home publishes it. */
	t->obj.home = (uint8_t)home;
	t->holder = (uint8_t)home;
	t->move_to = CPU_NONE;
	t->in_transit = CPU_NONE;
	t->space = space;
	kobj_get(&space->obj);
	t->rq.prio = prio;
	t->max_prio = max_prio;
	t->state = THREAD_INACTIVE;
	list_init(&t->sleep_link);
	list_init(&t->ipc_link);
	/* Each core numbers its own threads: no shared counter. */
	t->id = this_cpu()->sched.serial++ * CONFIG_MAX_CPUS + me;
	return t;
}

void thread_start(struct thread *t, uint32_t entry, uint32_t sp, uint32_t arg)
{
	if (t->vcpu)
		vcpu_arch_start(t, entry, arg); /* its other registers are as the VMM set them */
	else
		thread_arch_init_user(&t->arch, entry, sp, arg);
	sched_ready(t);
}

void thread_stop(struct thread *t)
{
	ipc_detach(t);
	sched_unready(t);
	t->state = THREAD_STOPPED;
	t->move_to = CPU_NONE;
	t->held = false; /* called on its home, which owns whatever it waited for */
}

void thread_timeout(struct thread *t)
{
	if (t->state == THREAD_SLEEPING)
		sched_ready(t);
	else if (t->state == THREAD_BLOCKED_VIRQ) /* its timer's sleeper (vcpu.h) */
		vcpu_wake_early(t);
	else
		ipc_abort(t, ERR_TIMEOUT);
}

/* Undo everything @t holds; it is homed here and nothing in flight names it. */
static void release(struct thread *t)
{
	thread_stop(t);
	if (thread_current() == t)
		this_cpu()->sched.current = NULL;
	if (t->fault_ep)
		kobj_put(&t->fault_ep->obj);
	if (t->vcpu)
		vcpu_destroy(t);
	kobj_put(&t->space->obj);
}

bool thread_destroy(struct kobj *obj)
{
	struct thread *t = (struct thread *)obj;

	if (t->in_transit != CPU_NONE) { /* on its way to a new home: destroyed there */
		xcall_release(obj, t->in_transit);
		return false;
	}
	if (t->held || t->cancelling) {
		t->dying = true;
		xcall_cancel(t);
		return false;
	}
	release(t);
	return true;
}

void thread_finish(struct thread *t)
{
	if (t->held || t->cancelling)
		return;
	release(t);
	kobj_free(&t->obj);
}

int thread_managed(struct thread *self, uint32_t h, struct thread **t)
{
	struct handle_slot slot;
	int err = handle_lookup(&self->space->handles, h, KOBJ_THREAD, RIGHT_MANAGE, &slot);

	if (err)
		return err;
	*t = (struct thread *)slot.obj;
	err = syscall_here(self, &slot.obj->home);
	/* Moving: the request follows it, behind the thread on the same ring. */
	if (!err && (*t)->in_transit != CPU_NONE)
		err = syscall_forward(self, (*t)->in_transit);
	return err;
}

int sys_yield(struct thread *self, const uint32_t *args)
{
	sched_yield();
	return ERR_NONE;
}

/* (ns_lo, ns_hi) -> 0 after at least that long. */
int sys_sleep(struct thread *self, const uint32_t *args)
{
	uint64_t ticks = timer_from_ns((uint64_t)args[1] << 32 | args[0]);

	if (ticks)
		sched_sleep_until(self, ticks > UINT64_MAX - timer_now() ? UINT64_MAX
									 : timer_now() + ticks);
	else
		sched_yield();
	return ERR_NONE;
}

int sys_thread_exit(struct thread *self, const uint32_t *args)
{
	thread_stop(self);
	return ERR_NONE;
}

int thread_create_args(struct thread *self, const uint32_t *args, struct handle_slot *space)
{
	uint32_t core = args[1], prio = args[2], max_prio = args[3];

	if (prio > max_prio || max_prio > self->max_prio)
		return ERR_INVALID;
	if (core >= CONFIG_MAX_CPUS || cpu_state(core) != CPU_ONLINE)
		return ERR_INVALID;
	/* The space may be homed anywhere: a reference keeps it meanwhile. */
	return handle_get(&self->space->handles, args[0], KOBJ_SPACE, RIGHT_MANAGE, space);
}

/* (space, core, prio, max_prio) -> thread handle; allocated from the caller's pool. */
int sys_thread_create(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	struct space *own = self->space;
	struct thread *t;
	int h = thread_create_args(self, args, &slot);

	if (h)
		return h;
	t = thread_create(&own->pool, (struct space *)slot.obj, args[1], (uint8_t)args[2],
			  (uint8_t)args[3]);
	h = t ? handle_install(&own->handles, &t->obj, RIGHTS_ALL, 0) : ERR_NO_MEMORY;
	if (t && h < 0)
		kobj_destroy(&t->obj);
	kobj_put(slot.obj);
	return h;
}

/* (thread, entry, sp, arg) -> 0; the thread must never have run. */
int sys_thread_start(struct thread *self, const uint32_t *args)
{
	struct thread *t;
	int err = thread_managed(self, args[0], &t);

	if (err)
		return err;
	if (t->held || t->state != THREAD_INACTIVE)
		return ERR_STATE;
	thread_start(t, args[1], args[2], args[3]);
	return ERR_NONE;
}

/* (thread, prio) -> 0; never above the thread's maximum. */
int sys_thread_set_prio(struct thread *self, const uint32_t *args)
{
	struct thread *t;
	int err = thread_managed(self, args[0], &t);

	if (err)
		return err;
	if (args[1] > t->max_prio)
		return ERR_INVALID;
	sched_set_prio(t, (uint8_t)args[1]);
	return ERR_NONE;
}

int sys_thread_suspend(struct thread *self, const uint32_t *args)
{
	struct thread *t;
	int err = thread_managed(self, args[0], &t);

	if (err)
		return err;
	if (t->suspended)
		return ERR_STATE;
	t->suspended = true;
	if (t->rq.queued)
		runq_remove(&this_cpu()->sched.rq, &t->rq);
	return ERR_NONE;
}

int sys_thread_resume(struct thread *self, const uint32_t *args)
{
	struct thread *t;
	int err = thread_managed(self, args[0], &t);

	if (err)
		return err;
	if (!t->suspended)
		return ERR_STATE;
	t->suspended = false;
	if (!t->held && t->state == THREAD_RUNNABLE)
		sched_ready(t);
	return ERR_NONE;
}

/* (thread, endpoint or 0) -> 0: where the thread's faults go as messages. */
int sys_thread_set_fault_handler(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	struct thread *t;
	int err = thread_managed(self, args[0], &t);

	if (err)
		return err;
	if (t->held) /* a fault it sent may be on its way to the old handler */
		return ERR_STATE;
	if (args[1]) {
		err = handle_get(&self->space->handles, args[1], KOBJ_ENDPOINT, RIGHT_SEND, &slot);
		if (err)
			return err;
	}
	if (t->fault_ep)
		kobj_put(&t->fault_ep->obj);
	t->fault_ep = args[1] ? (struct endpoint *)slot.obj : NULL;
	t->fault_badge = args[1] ? slot.badge : 0;
	return ERR_NONE;
}

/* (thread, addr or 0) -> 0: the thread's struct ipc_buffer, in its own space. */
int sys_thread_set_ipc_buffer(struct thread *self, const uint32_t *args)
{
	struct thread *t;
	int err = thread_managed(self, args[0], &t);

	if (err)
		return err;
	if (t->held) /* another core may be copying a message into the old one */
		return ERR_STATE;
	if (args[1] % 4 || (args[1] && !user_access_ok(t->space, args[1], sizeof(struct ipc_buffer),
						       RIGHT_READ | RIGHT_WRITE)))
		return ERR_FAULT;
	t->ipc_buffer = args[1];
	return ERR_NONE;
}

/* (thread, core) -> 0: the thread runs on @core from its next wake-up (now if it is ready). */
int sys_thread_move(struct thread *self, const uint32_t *args)
{
	struct thread *t;
	int err = thread_managed(self, args[0], &t);

	if (err)
		return err;
	if (args[1] >= CONFIG_MAX_CPUS || cpu_state(args[1]) != CPU_ONLINE)
		return ERR_INVALID;
	if (t->vcpu) /* pinned: its state is in its core's registers */
		return ERR_STATE;
	if (!t->held && t->state == THREAD_STOPPED)
		return ERR_STATE;
	t->move_to = args[1] == this_cpu()->id ? CPU_NONE : (uint8_t)args[1];
	/* Ready and not running: it goes now; otherwise when it next becomes ready. */
	if (t->move_to != CPU_NONE && !t->held && t->rq.queued)
		sched_move(t);
	else if (t->move_to != CPU_NONE && !t->held && t->state == THREAD_INACTIVE)
		sched_move(t);
	return ERR_NONE;
}
