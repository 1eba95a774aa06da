// SPDX-License-Identifier: MIT
/*
 * The IPC engine. A message goes from the sender's registers (or, for a
 * fault, from the kernel's fault record) and IPC buffer straight to the
 * receiver's; nothing is queued but threads. A call leaves the caller
 * waiting for the receiver's reply; a thread that gives up waiting, or
 * goes away, releases whoever waits on it with an error, so no thread
 * waits on something that can no longer happen.
 */
#include <atomic.h>
#include <console.h>
#include <cpu.h>
#include <endpoint.h>
#include <err.h>
#include <handle.h>
#include <ipc.h>
#include <sched.h>
#include <space.h>
#include <thread.h>
#include <timer.h>
#include <uaccess.h>
#include <vcpu.h>
#include <uapi/cella/ipc.h>
#include <xcall.h>

/* Fault messages and replies travel as the register words: laid out as them. */
STATIC_ASSERT(sizeof(struct fault_msg) == IPC_REG_WORDS * 4,
	      "a fault message is the register words");
STATIC_ASSERT(sizeof(struct vcpu_reply) == IPC_REG_WORDS * 4, "a VCPU reply is the register words");

#define BUF_WORD(t, i) ((t)->ipc_buffer + (i)*4u)
#define BUF_HANDLE(t)  ((t)->ipc_buffer + IPC_MSG_MAX * 4u)

int ipc_block(struct thread *t, int state, void *on, uint32_t timeout_us)
{
	if (timeout_us == TIMEOUT_NONE)
		return ERR_TIMEOUT;
	t->state = state;
	t->blocked_on = on;
	if (timeout_us != TIMEOUT_FOREVER)
		sched_timeout(t, timer_now() + timer_from_ns(timeout_us * 1000ull));
	return SYSCALL_BLOCKED;
}

void ipc_wake(struct thread *t, int status)
{
	sched_cancel_timeout(t);
	t->blocked_on = NULL;
	if (!t->faulted) /* a faulted thread is not in a system call */
		ipc_arch_regs(t)[REG_STATUS] = (uint32_t)status;
	sched_wake(t);
}

/* Take @t off whatever it waits on, without waking it. */
static void unlink(struct thread *t)
{
	switch (t->state) {
	case THREAD_BLOCKED_SEND:
	case THREAD_BLOCKED_RECV:
	case THREAD_BLOCKED_WAIT:
		list_remove(&t->ipc_link);
		break;
	case THREAD_BLOCKED_REPLY:
		if (t->blocked_on)
			((struct thread *)t->blocked_on)->caller = NULL;
		break;
	default:
		break;
	}
	sched_cancel_timeout(t);
}

static void report(struct thread *t, const char *what, uint32_t addr, uint32_t syndrome,
		   const char *why)
{
	kprintf("cella: thread %u on cpu%u stopped: %s at 0x%08x (pc 0x%08x, syndrome 0x%08x); %s\n",
		t->id, t->obj.home, what, addr, t->fault_msg.pc, syndrome, why);
}

/* Stop @t for good: here, or (held here, homed elsewhere) at its home. */
static void stop(struct thread *t)
{
	if (thread_here(t)) {
		thread_stop(t);
		if (t->dying)
			thread_finish(t);
		return;
	}
	unlink(t);
	t->blocked_on = NULL;
	t->state = THREAD_STOPPED; /* it waits on nothing now: its home must not unlink it */
	t->stop_on_return = true;
	xcall_ready(t);
}

void ipc_abort(struct thread *t, int status)
{
	unlink(t);
	if (t->faulted) { /* its fault can no longer be handled */
		/* Nothing to report for a thread being destroyed (dying was set
		 * before the cancel that brings us here was sent). */
		if (!t->dying)
			report(t, "fault", t->fault_msg.addr, t->fault_msg.syndrome,
			       "its fault handler is gone");
		t->faulted = false;
		stop(t);
		return;
	}
	ipc_wake(t, status);
}

/*
 * A caller that faulted and is stopped because its handler went away may
 * itself be the handler of another faulted caller, and so on: user level
 * can build such chains as long as its quota allows. They are released in
 * a loop, never by recursion (kernel stack is bounded whatever user level
 * builds): a faulted caller homed here is stopped with its own caller taken
 * from it first, and that one is the next to go.
 */
void ipc_drop_caller(struct thread *t)
{
	struct thread *c = t->caller;

	while (c) {
		struct thread *next = NULL;

		if (c->faulted && thread_here(c) && c->caller) {
			next = c->caller;
			c->caller = NULL;	 /* its stop must not drop it again */
			next->blocked_on = NULL; /* c may be freed: next must not point at it */
		}
		ipc_abort(c, ERR_STATE);
		c = next;
	}
}

void ipc_detach(struct thread *t)
{
	ipc_drop_caller(t);
	unlink(t);
}

int ipc_check_buffer(struct thread *t)
{
	if (t->ipc_buffer && !user_access_ok(t->space, t->ipc_buffer, sizeof(struct ipc_buffer),
					     RIGHT_READ | RIGHT_WRITE))
		return ERR_FAULT;
	return ERR_NONE;
}

int ipc_check_message(struct thread *t, bool grant)
{
	uint32_t info = ipc_arch_regs(t)[REG_INFO], h;
	struct handle_slot slot;

	if ((info & IPC_LEN_MASK) > IPC_MSG_MAX)
		return ERR_INVALID;
	if (((info & IPC_LEN_MASK) > IPC_REG_WORDS || (info & IPC_HANDLE)) && !t->ipc_buffer)
		return ERR_INVALID;
	if (ipc_check_buffer(t))
		return ERR_FAULT;
	if (!(info & IPC_HANDLE))
		return ERR_NONE;
	if (!grant)
		return ERR_NO_RIGHTS;
	if (copy_from_user(t->space, &h, BUF_HANDLE(t), sizeof(h)))
		return ERR_FAULT;
	/* The handle itself must be one that may leave its space. */
	return handle_lookup(&t->space->handles, h, KOBJ_NONE, RIGHT_GRANT, &slot);
}

/* Words 4.. of a long message, buffer to buffer; false if they cannot go. */
static bool copy_words(struct thread *s, struct thread *r, uint32_t len)
{
	uint32_t words[IPC_MSG_MAX - IPC_REG_WORDS];
	uint32_t n = (len - IPC_REG_WORDS) * 4;

	return r->ipc_buffer && !copy_from_user(s->space, words, BUF_WORD(s, IPC_REG_WORDS), n) &&
	       !copy_to_user(r->space, BUF_WORD(r, IPC_REG_WORDS), words, n);
}

/* The handle in @s's buffer, copied to @r's space; false if it cannot go. */
static bool copy_handle(struct thread *s, struct thread *r)
{
	struct handle_slot slot;
	uint32_t h;
	int copy;

	if (!r->ipc_buffer || copy_from_user(s->space, &h, BUF_HANDLE(s), sizeof(h)) ||
	    handle_lookup(&s->space->handles, h, KOBJ_NONE, RIGHT_GRANT, &slot))
		return false;
	copy = handle_copy(&s->space->handles, h, RIGHT_GRANT, &r->space->handles, RIGHTS_ALL, 0);
	if (copy < 0)
		return false;
	h = (uint32_t)copy;
	return !copy_to_user(r->space, BUF_HANDLE(r), &h, sizeof(h));
}

/* Words 4.. of a VCPU's exit (kernel memory) to @r's buffer; false if they cannot go. */
static bool copy_exit_words(struct thread *s, struct thread *r)
{
	return r->ipc_buffer && !copy_to_user(r->space, BUF_WORD(r, IPC_REG_WORDS), s->vcpu->exit,
					      sizeof(s->vcpu->exit));
}

/* The info word of what @s sends: its own, or a fault message's. */
static uint32_t send_info(struct thread *s)
{
	if (!s->faulted)
		return ipc_arch_regs(s)[REG_INFO];
	return IPC_INFO(FAULT_LABEL, s->vcpu ? VCPU_EXIT_WORDS : IPC_REG_WORDS);
}

/* Move @s's message to @r, which receives it with @badge. */
static void transfer(struct thread *s, struct thread *r, uint32_t badge, bool grant)
{
	uint32_t *sr = ipc_arch_regs(s), *rr = ipc_arch_regs(r);
	const uint32_t *words = s->faulted ? (const uint32_t *)&s->fault_msg : &sr[REG_MR];
	uint32_t info = send_info(s);
	uint32_t len = info & IPC_LEN_MASK;

	info &= ~IPC_TRUNCATED;
	for (int i = 0; i < IPC_REG_WORDS; i++)
		rr[REG_MR + i] = words[i];
	if (len > IPC_REG_WORDS && !(s->faulted ? copy_exit_words(s, r) : copy_words(s, r, len)))
		info = (info & ~IPC_LEN_MASK) | IPC_REG_WORDS | IPC_TRUNCATED;
	if ((info & IPC_HANDLE) && !(grant && copy_handle(s, r)))
		info &= ~IPC_HANDLE;
	rr[REG_INFO] = info;
	rr[REG_BADGE] = badge;
}

/*
 * @s's call has gone to @r: it now waits for @r's reply, held by @r's home
 * core (where r replies, or lets it go, from).
 */
static void await_reply(struct thread *s, struct thread *r)
{
	sched_cancel_timeout(s); /* the timeout bounds the wait for a receiver only */
	s->state = THREAD_BLOCKED_REPLY;
	s->blocked_on = r;
	if (thread_here(s))
		s->held = !thread_here(r);
	r->caller = s;
	/*
	 * The new holder last, with release: a core that reads it with acquire
	 * (a cancel chasing the wait) finds everything above written.
	 */
	atomic_store(&s->holder, r->obj.home, __ATOMIC_RELEASE);
}

/* @s's message has gone to @r: a sender is done, a caller waits for the reply. */
static void sent(struct thread *s, struct thread *r)
{
	if (!s->is_call)
		ipc_wake(s, ERR_NONE);
	else
		await_reply(s, r);
}

int ipc_send(struct thread *t, struct endpoint *ep, uint32_t badge, bool call, bool grant,
	     uint32_t timeout_us)
{
	t->is_call = call;
	if (!list_empty(&ep->receivers)) {
		struct thread *r = list_entry(ep->receivers.next, struct thread, ipc_link);

		list_remove(&r->ipc_link);
		transfer(t, r, badge, grant);
		/*
		 * The caller is recorded before r is woken: waking may send r to
		 * another core (home, or a move), where it must find its caller.
		 */
		if (call)
			sent(t, r);
		ipc_wake(r, ERR_NONE);
		return call ? SYSCALL_BLOCKED : ERR_NONE;
	}
	int err = ipc_block(t, THREAD_BLOCKED_SEND, ep, timeout_us);

	if (err != SYSCALL_BLOCKED)
		return err;
	t->badge = badge;
	t->may_grant = grant;
	list_add_tail(&ep->senders, &t->ipc_link);
	return SYSCALL_BLOCKED;
}

void ipc_call_waiting(struct thread *t, struct endpoint *ep, uint32_t badge)
{
	struct thread *r = list_entry(ep->receivers.next, struct thread, ipc_link);

	list_remove(&r->ipc_link);
	ipc_copy_short(ipc_arch_regs(r), ipc_arch_regs(t), badge);
	t->is_call = true;
	await_reply(t, r);
	ipc_wake(r, ERR_NONE);
}

int ipc_recv(struct thread *t, struct endpoint *ep, uint32_t timeout_us)
{
	int err = ipc_check_buffer(t);

	if (err)
		return err;
	if (t->caller) /* receiving again drops the unanswered caller */
		ipc_drop_caller(t);
	if (!list_empty(&ep->senders)) {
		struct thread *s = list_entry(ep->senders.next, struct thread, ipc_link);

		list_remove(&s->ipc_link);
		transfer(s, t, s->badge, s->may_grant);
		sent(s, t);
		return ERR_NONE;
	}
	err = ipc_block(t, THREAD_BLOCKED_RECV, ep, timeout_us);
	if (err == SYSCALL_BLOCKED)
		list_add_tail(&ep->receivers, &t->ipc_link);
	return err;
}

/* The fault handler answered (@reply: its message words): resume @c (perhaps elsewhere) or stop it. */
static void resolve_fault(struct thread *c, const uint32_t *reply)
{
	const struct fault_reply *r = (const struct fault_reply *)reply;

	c->faulted = false;
	if (r->action != FAULT_RESUME) {
		report(c, "fault", c->fault_msg.addr, c->fault_msg.syndrome,
		       "stopped by its fault handler");
		stop(c);
		return;
	}
	if (r->pc)
		thread_arch_set_pc(&c->arch, r->pc);
	if (c->vcpu)
		vcpu_resolve(c, reply);
	/* Not ipc_wake(): the faulted thread was not in a system call, no status. */
	sched_cancel_timeout(c);
	c->blocked_on = NULL;
	sched_ready(c);
}

int ipc_reply(struct thread *t)
{
	struct thread *c = t->caller;

	if (!c)
		return ERR_STATE;
	t->caller = NULL;
	if (c->faulted) {
		resolve_fault(c, &ipc_arch_regs(t)[REG_MR]);
		return ERR_NONE;
	}
	transfer(t, c, 0, false);
	ipc_wake(c, ERR_NONE);
	return ERR_NONE;
}

/* At the fault endpoint's home: the faulted thread @t calls its handler. */
static void fault_send(struct thread *t)
{
	ipc_send(t, t->fault_ep, t->fault_badge, true, false, TIMEOUT_FOREVER);
}

void ipc_fault(struct thread *t, uint32_t kind, uint32_t addr, uint32_t syndrome, const char *what)
{
	t->fault_msg = (struct fault_msg){
		.kind = kind, .addr = addr, .pc = thread_arch_pc(&t->arch), .syndrome = syndrome};
	if (!t->fault_ep) {
		report(t, what, addr, syndrome, "no fault handler");
		thread_stop(t);
		return;
	}
	t->faulted = true;
	if (t->fault_ep->obj.home != this_cpu()->id)
		xcall_forward(t, t->fault_ep->obj.home, fault_send);
	else
		fault_send(t);
}
