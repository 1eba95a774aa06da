// SPDX-License-Identifier: MIT
/*
 * The IPC fast path: call and reply-and-receive between threads of this
 * core when the other side is already waiting and the message fits in
 * registers. Guards first; any that fails leaves everything untouched and
 * the slow path (syscall_entry(), kernel/ipc.c) does the work. Past the
 * guards: copy the message registers, swap the two threads' states and
 * switch directly — no run-queue operation, no timeout, no atomic
 * instruction.
 *
 * This is the path in C: the reference, guard for guard and store for
 * store, for an arch that writes it in assembly (ARMv7's
 * arch/armv7/fastpath.S keeps the message in registers throughout), and
 * the fast path of an arch that does not. Both give the same results as
 * the slow path; only the cost differs. The boot argument
 * ipc_fastpath=off sends everything down the slow path (to measure it, and
 * to test one against the other: tests/qemu/test_user.py).
 */
#include <atomic.h>
#include <cpu.h>
#include <endpoint.h>
#include <err.h>
#include <fastpath.h>
#include <handle.h>
#include <ipc.h>
#include <sched.h>
#include <space.h>
#include <syscall.h>
#include <thread.h>
#include <uapi/cella/ipc.h>

#include <shared/bootargs.h>
#include <shared/string.h>

void fastpath_init(void)
{
	const char *arg = bootarg("ipc_fastpath");

	fastpath_arch_init(!(arg && strcmp(arg, "off") == 0));
}

/*
 * The endpoint @h names in @t's space, if it carries @right and is homed on
 * core @me; else NULL. @badge as handle_find()'s.
 */
static inline struct endpoint *endpoint_of(struct thread *t, uint32_t h, unsigned int right,
					   cpuid_t me, uint32_t *badge)
{
	struct kobj *obj = handle_find(&t->space->handles, h, KOBJ_ENDPOINT, right, badge);

	if (unlikely(!obj || obj->home != me))
		return NULL;
	return (struct endpoint *)obj;
}

/*
 * The message fits in registers and carries no handle, nor a truncation
 * flag the receiver must not see (IPC_HANDLE and IPC_TRUNCATED are both
 * above IPC_REG_WORDS): the info word can then be copied as it is.
 */
static inline bool short_message(const uint32_t *regs)
{
	return (regs[REG_INFO] & (IPC_HANDLE | IPC_TRUNCATED | IPC_LEN_MASK)) <= IPC_REG_WORDS;
}

/*
 * @to may run now instead of the caller: not suspended, nor held (its wait
 * is this core's; the caller of a reply may still be marked so, its
 * replier having gone to another core and come back: the slow path clears
 * that when it wakes it), and nothing more urgent is ready.
 */
static inline bool may_switch_to(const struct sched *s, const struct thread *to)
{
	return !to->suspended && !to->held && to->rq.prio >= runq_top_prio(&s->rq);
}

/*
 * Make @next the running thread in place of the current one. It is homed
 * here and not held by another core: a receiver waiting in an endpoint of
 * this core that is homed here never is (its wait was not forwarded), and
 * a caller is checked by the guard. So only its state changes: its
 * blocked_on is left as it was (read only while it is blocked again, which
 * sets it), and the core's expired is false already (no slice ends while
 * a thread of this core runs at user level: every exit to it clears it or
 * found it clear, thread_keeps_core()).
 */
static inline struct trap_frame *switch_to(struct sched *s, struct thread *cur, struct thread *next)
{
	next->state = THREAD_RUNNABLE;
	s->current = next;
	thread_arch_switch_native(&cur->arch, &next->arch); /* both native: a VCPU never calls */
	if (next->space != cur->space)
		space_arch_activate(next->space);
	return &next->arch.ctx;
}

/*
 * A call to an endpoint homed on core @home, not this one, with a short
 * message: it goes there to be delivered (syscall_forward_call()), its
 * handle and rights checked here already; the caller waits for the reply.
 */
struct trap_frame *fastpath_remote_call(struct cpu *cpu, cpuid_t home)
{
	if (unlikely(syscall_forward_call(cpu->sched.current, home) != SYSCALL_BLOCKED))
		return syscall_entry(cpu); /* no such core: the slow path says why */
	return sched_pick(&cpu->sched);
}

struct trap_frame *fastpath_call(struct cpu *cpu)
{
	struct thread *t = cpu->sched.current;
	uint32_t *regs = ipc_arch_regs(t);
	cpuid_t me = cpu->id;
	uint32_t badge;
	struct kobj *obj = handle_find(&t->space->handles, regs[REG_HANDLE], KOBJ_ENDPOINT,
				       RIGHT_SEND, &badge);
	struct endpoint *ep = (struct endpoint *)obj;
	struct thread *r;

	if (obj && obj->home != me && short_message(regs))
		return fastpath_remote_call(cpu, obj->home);
	if (unlikely(!obj || obj->home != me || !short_message(regs) || list_empty(&ep->receivers)))
		return syscall_entry(cpu);
	r = list_entry(ep->receivers.next, struct thread, ipc_link);
	if (unlikely(r->timed || r->obj.home != me || !may_switch_to(&cpu->sched, r)))
		return syscall_entry(cpu);
	/*
	 * no failure past here. r's link is left stale (nothing looks at it
	 * until it waits again); t's is_call too (read only for a sender
	 * queued by ipc_send(), which sets it).
	 */
	list_unlink(&r->ipc_link);
	ipc_copy_short(ipc_arch_regs(r), regs, badge);
	t->state = THREAD_BLOCKED_REPLY;
	t->blocked_on = r;
	r->caller = t;
	return switch_to(&cpu->sched, t, r);
}

/*
 * Reply-and-receive whose caller @c is homed on another core and held
 * here (it called from there): the reply goes into its registers and it
 * goes home to run, as ipc_reply() sends it; the replier waits on @ep as
 * on the same-core path. The guards of fastpath_reply_recv() hold.
 */
struct trap_frame *fastpath_remote_reply(struct cpu *cpu, struct endpoint *ep, struct thread *c)
{
	struct thread *t = cpu->sched.current;

	/* no failure past here */
	ipc_copy_short(ipc_arch_regs(c), ipc_arch_regs(t), 0);
	t->caller = NULL;
	ipc_wake(c, ERR_NONE); /* not here: it goes home, and is its home's from now on */
	t->state = THREAD_BLOCKED_RECV;
	t->blocked_on = ep;
	list_add_tail(&ep->receivers, &t->ipc_link);
	return sched_pick(&cpu->sched);
}

struct trap_frame *fastpath_reply_recv(struct cpu *cpu)
{
	struct thread *t = cpu->sched.current;
	uint32_t *regs = ipc_arch_regs(t);
	cpuid_t me = cpu->id;
	struct endpoint *ep;
	struct thread *c = t->caller;

	ep = endpoint_of(t, regs[REG_HANDLE], RIGHT_RECV, me, NULL); /* a reply carries no badge */
	if (unlikely(!ep || !c || c->faulted || !short_message(regs) ||
		     regs[REG_TIMEOUT] != TIMEOUT_FOREVER || !list_empty(&ep->senders)))
		return syscall_entry(cpu);
	if (c->obj.home != me)
		return fastpath_remote_reply(cpu, ep, c);
	if (unlikely(!may_switch_to(&cpu->sched, c)))
		return syscall_entry(cpu);
	/*
	 * no failure past here. (The IPC buffer needs no check: it was
	 * checked when set, and mappings are never removed.)
	 */
	ipc_copy_short(ipc_arch_regs(c), regs, 0);
	t->caller = NULL;
	t->state = THREAD_BLOCKED_RECV;
	t->blocked_on = ep;
	list_add_tail(&ep->receivers, &t->ipc_link);
	return switch_to(&cpu->sched, t, c);
}
