// SPDX-License-Identifier: MIT
/* Notifications: signal, wait, poll. */
#include <atomic.h>
#include <err.h>
#include <handle.h>
#include <ipc.h>
#include <notify.h>
#include <space.h>
#include <syscall.h>
#include <thread.h>
#include <vcpu.h>

int sys_notify_create(struct thread *self, const uint32_t *args)
{
	struct notify *n = kobj_alloc(&self->space->pool, KOBJ_NOTIFY, sizeof(*n));
	int h;

	if (!n)
		return ERR_NO_MEMORY;
	list_init(&n->waiters);
	for (unsigned int c = 0; c < CONFIG_MAX_CPUS; c++)
		n->post[c] = (struct notify_post){.req.op = XOP_SIGNAL, .n = n};
	h = handle_install(&self->space->handles, &n->obj, RIGHTS_ALL, 0);
	if (h < 0)
		kobj_destroy(&n->obj);
	return h;
}

void notify_signal(struct notify *n, uint32_t bits)
{
	n->bits |= bits;
	if (n->vcpu && bits)
		vcpu_raise(n->vcpu, n->virq);
	if (!n->bits || list_empty(&n->waiters))
		return;
	struct thread *w = list_entry(n->waiters.next, struct thread, ipc_link);

	list_remove(&w->ipc_link);
	ipc_arch_regs(w)[REG_BITS] = n->bits;
	n->bits = 0;
	ipc_wake(w, ERR_NONE);
}

bool notify_destroy(struct kobj *obj)
{
	struct notify *n = (struct notify *)obj;

	if (n->vcpu)
		kobj_put(&n->vcpu->obj);
	while (!list_empty(&n->waiters))
		ipc_abort(list_entry(n->waiters.next, struct thread, ipc_link), ERR_STATE);
	return true;
}

/* lookup() when the inline reads found nothing: which error, or the slot changed under us. */
static __noinline int lookup_again(struct thread *self, uint32_t h, unsigned int rights,
				   struct notify **n)
{
	struct handle_slot slot;
	int err = handle_lookup(&self->space->handles, h, KOBJ_NOTIFY, rights, &slot);

	if (err)
		return err;
	*n = (struct notify *)slot.obj;
	return syscall_here(self, &slot.obj->home);
}

static __always_inline int lookup(struct thread *self, uint32_t h, unsigned int rights,
				  struct notify **n)
{
	struct kobj *obj = handle_find(&self->space->handles, h, KOBJ_NOTIFY, rights, NULL);

	if (unlikely(!obj)) { /* through a local of its own: *n stays in a register */
		struct notify *again = NULL;
		int err = lookup_again(self, h, rights, &again);

		*n = again;
		return err;
	}
	*n = (struct notify *)obj;
	return syscall_here(self, &obj->home); /* its home core does the work */
}

/*
 * From another core: OR @bits into our post slot and send it home unless
 * it is on its way already; the reference we hold goes with it, or is
 * dropped if the slot was already sent.
 */
static void post(struct notify *n, uint32_t bits)
{
	struct notify_post *p = &n->post[this_cpu()->id];

	/*
	 * Store-buffering with notify_posted(): we OR, then look at in_ring; it
	 * clears in_ring, then takes the bits. All four sequentially consistent,
	 * so one of us sees the other: it takes our bits, or we post again.
	 */
	atomic_fetch_or(&p->bits, bits, __ATOMIC_SEQ_CST);
	if (atomic_exchange(&p->in_ring, 1, __ATOMIC_SEQ_CST)) {
		kobj_put(&n->obj);
		return;
	}
	xcall_send(n->obj.home, &p->req);
}

void notify_posted(struct xreq *req)
{
	struct notify_post *p = list_entry(req, struct notify_post, req);
	struct notify *n = p->n;

	atomic_store(&p->in_ring, 0, __ATOMIC_SEQ_CST);
	notify_signal(n, atomic_exchange(&p->bits, 0, __ATOMIC_SEQ_CST));
	kobj_put(&n->obj); /* the post's reference: this may be the last */
}

/* (notification, bits) -> 0; posted home from another core (notify.h). */
int sys_signal(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	struct notify *n;
	int err = handle_lookup(&self->space->handles, args[0], KOBJ_NOTIFY, RIGHT_SEND, &slot);

	if (err)
		return err;
	n = (struct notify *)slot.obj;
	if (n->obj.home == this_cpu()->id) {
		notify_signal(n, args[1]);
		return ERR_NONE;
	}
	if (!args[1])
		return ERR_NONE; /* nothing to post: no bits, no virtual interrupt */
	/* A reference for the post: the handle may have been closed and reused since. */
	err = handle_get(&self->space->handles, args[0], KOBJ_NOTIFY, RIGHT_SEND, &slot);
	if (err)
		return err;
	n = (struct notify *)slot.obj;
	if (n->obj.home == this_cpu()->id) {
		notify_signal(n, args[1]);
		kobj_put(&n->obj);
	} else {
		post(n, args[1]);
	}
	return ERR_NONE;
}

/* Take the bits if there are any. */
static bool take(struct thread *self, struct notify *n)
{
	if (!n->bits)
		return false;
	ipc_arch_regs(self)[REG_BITS] = n->bits;
	n->bits = 0;
	return true;
}

/* (notification, -, -, -, -, -, timeout) -> 0, bits. */
int sys_wait(struct thread *self, const uint32_t *args)
{
	struct notify *n;
	int err = lookup(self, args[0], RIGHT_RECV, &n);

	if (err)
		return err;
	if (take(self, n))
		return ERR_NONE;
	err = ipc_block(self, THREAD_BLOCKED_WAIT, n, args[6]);
	if (err == SYSCALL_BLOCKED)
		list_add_tail(&n->waiters, &self->ipc_link);
	return err;
}

/* A poll's result: the bits, 0 if there are none. */
static void poll_take(struct thread *self, struct notify *n)
{
	if (!take(self, n))
		ipc_arch_regs(self)[REG_BITS] = 0;
}

/* sys_poll() when the inline reads found nothing here: which error, or its home core polls. */
static __noinline int poll_again(struct thread *self, uint32_t h)
{
	struct notify *n;
	int err = lookup_again(self, h, RIGHT_RECV, &n);

	if (err)
		return err;
	poll_take(self, n);
	return ERR_NONE;
}

/*
 * (notification) -> 0, bits (0 if none). lookup() as it were, its slow half
 * a tail call: the common case needs no stack frame.
 */
int sys_poll(struct thread *self, const uint32_t *args)
{
	struct kobj *obj =
		handle_find(&self->space->handles, args[0], KOBJ_NOTIFY, RIGHT_RECV, NULL);

	if (unlikely(!obj || READ_ONCE(obj->home) != this_cpu()->id))
		return poll_again(self, args[0]);
	poll_take(self, (struct notify *)obj);
	return ERR_NONE;
}

/*
 * (notification, vcpu or 0, virq) -> 0: each signal also raises @virq (an
 * ID above the virtual IPIs) in the VCPU, which must be homed on the notification's core
 * (its state is that core's); 0 lets go of the VCPU.
 */
int sys_notify_set_vcpu(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	struct notify *n;
	int err = lookup(self, args[0], RIGHT_RECV, &n);

	if (err)
		return err;
	if (args[1] && (args[2] < VIRQ_IPI_COUNT || args[2] >= VIRQ_COUNT))
		return ERR_INVALID;
	if (args[1]) {
		err = handle_get(&self->space->handles, args[1], KOBJ_THREAD, RIGHT_MANAGE, &slot);
		if (err)
			return err;
		if (slot.obj->home != this_cpu()->id || !((struct thread *)slot.obj)->vcpu) {
			kobj_put(slot.obj);
			return ERR_INVALID;
		}
	}
	if (n->vcpu)
		kobj_put(&n->vcpu->obj);
	n->vcpu = args[1] ? (struct thread *)slot.obj : NULL;
	n->virq = (uint16_t)args[2];
	return ERR_NONE;
}
