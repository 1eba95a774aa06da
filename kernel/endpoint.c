// SPDX-License-Identifier: MIT
/* Endpoints and the IPC system calls on them. */
#include <endpoint.h>
#include <err.h>
#include <handle.h>
#include <ipc.h>
#include <space.h>
#include <syscall.h>
#include <thread.h>

int sys_endpoint_create(struct thread *self, const uint32_t *args)
{
	struct endpoint *ep = kobj_alloc(&self->space->pool, KOBJ_ENDPOINT, sizeof(*ep));
	int h;

	if (!ep)
		return ERR_NO_MEMORY;
	list_init(&ep->senders);
	list_init(&ep->receivers);
	h = handle_install(&self->space->handles, &ep->obj, RIGHTS_ALL, 0);
	if (h < 0)
		kobj_destroy(&ep->obj);
	return h;
}

static void abort_all(struct list *queue)
{
	while (!list_empty(queue))
		ipc_abort(list_entry(queue->next, struct thread, ipc_link), ERR_STATE);
}

bool endpoint_destroy(struct kobj *obj)
{
	struct endpoint *ep = (struct endpoint *)obj;

	abort_all(&ep->senders);
	abort_all(&ep->receivers);
	return true;
}

static int lookup(struct thread *self, uint32_t h, unsigned int rights, struct handle_slot *slot)
{
	return handle_lookup(&self->space->handles, h, KOBJ_ENDPOINT, rights, slot);
}

/* The endpoint's home core does the IPC; from elsewhere the call goes there. */
static int here(struct thread *self, const struct handle_slot *slot)
{
	return syscall_here(self, &slot->obj->home);
}

static int send(struct thread *self, const uint32_t *args, bool call)
{
	struct handle_slot slot;
	int err = lookup(self, args[0], RIGHT_SEND, &slot);
	bool grant;

	if (err)
		return err;
	err = here(self, &slot);
	if (err)
		return err;
	grant = handle_rights(&slot) & RIGHT_GRANT;
	err = ipc_check_message(self, grant);
	if (err)
		return err;
	return ipc_send(self, (struct endpoint *)slot.obj, slot.badge, call, grant, args[6]);
}

/* (ep, info, mr0-3, timeout) -> 0 once a receiver has the message. */
int sys_send(struct thread *self, const uint32_t *args)
{
	return send(self, args, false);
}

/* (ep, info, mr0-3, timeout) -> 0 and the reply in r1-r5. */
int sys_call(struct thread *self, const uint32_t *args)
{
	return send(self, args, true);
}

/* (ep, -, -, -, -, -, timeout) -> 0, info, mr0-3, badge. */
int sys_recv(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	int err = lookup(self, args[0], RIGHT_RECV, &slot);

	if (err)
		return err;
	if (thread_here(self))
		ipc_drop_caller(self); /* here, where the caller is held, before going away */
	err = here(self, &slot);
	if (err)
		return err;
	return ipc_recv(self, (struct endpoint *)slot.obj, args[6]);
}

/* (-, info, mr0-3) -> 0: answer the caller last received from. */
int sys_reply(struct thread *self, const uint32_t *args)
{
	int err = ipc_check_message(self, false);

	return err ? err : ipc_reply(self);
}

/* (ep, info, mr0-3, timeout): reply if a caller waits, then receive. */
int sys_reply_recv(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	int err = lookup(self, args[0], RIGHT_RECV, &slot);

	if (err)
		return err;
	if (self->caller) { /* only at home: a forwarded reply_recv has replied */
		err = sys_reply(self, args);
		if (err)
			return err;
	}
	err = here(self, &slot);
	if (err)
		return err;
	return ipc_recv(self, (struct endpoint *)slot.obj, args[6]);
}
