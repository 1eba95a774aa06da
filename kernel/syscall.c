// SPDX-License-Identifier: MIT
/* System-call dispatch by number. */
#include <compiler.h>
#include <cpu.h>
#include <endpoint.h>
#include <err.h>
#include <handle.h>
#include <ipc.h>
#include <kstat.h>
#include <irq_object.h>
#include <notify.h>
#include <memory_object.h>
#include <sched.h>
#include <space.h>
#include <syscall.h>
#include <thread.h>
#include <vcpu.h>
#include <uapi/cella/ipc.h>
#include <xcall.h>

typedef int syscall_fn(struct thread *self, const uint32_t *args);

/* A number with no system call: an error, and a fault message if a handler listens. */
static int sys_unknown(struct thread *t, const uint32_t *args)
{
	const uint32_t *unused;
	uint32_t nr = syscall_arch_decode(t, &unused);

	if (!t->fault_ep) /* a handler may want to know; without one, just the error */
		return ERR_NO_SYSCALL;
	syscall_arch_result(t, ERR_NO_SYSCALL);
	ipc_fault(t, FAULT_SYSCALL, nr, 0, "unknown system call");
	return SYSCALL_BLOCKED; /* its result is set; it waits for the handler's reply */
}

/*
 * Every number below SYS_COUNT, and SYS_COUNT itself for all the numbers
 * above, has a function: the dispatch needs no test for a hole.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static syscall_fn *const table[SYS_COUNT + 1] = {
	[0 ... SYS_COUNT] = sys_unknown,
	[SYS_DEBUG_WRITE] = sys_debug_write,
	[SYS_YIELD] = sys_yield,
	[SYS_SLEEP] = sys_sleep,
	[SYS_THREAD_EXIT] = sys_thread_exit,
	[SYS_THREAD_CREATE] = sys_thread_create,
	[SYS_THREAD_START] = sys_thread_start,
	[SYS_THREAD_SET_PRIO] = sys_thread_set_prio,
	[SYS_THREAD_SUSPEND] = sys_thread_suspend,
	[SYS_THREAD_RESUME] = sys_thread_resume,
	[SYS_HANDLE_COPY] = sys_handle_copy,
	[SYS_HANDLE_CLOSE] = sys_handle_close,
	[SYS_SPACE_CREATE] = sys_space_create,
	[SYS_MEMORY_SPLIT] = sys_memory_split,
	[SYS_MEMORY_MAP] = sys_memory_map,
	[SYS_KMEM_DONATE] = sys_kmem_donate,
	[SYS_KMEM_AVAILABLE] = sys_kmem_available,
	[SYS_ENDPOINT_CREATE] = sys_endpoint_create,
	[SYS_NOTIFY_CREATE] = sys_notify_create,
	[SYS_SEND] = sys_send,
	[SYS_RECV] = sys_recv,
	[SYS_CALL] = sys_call,
	[SYS_REPLY] = sys_reply,
	[SYS_REPLY_RECV] = sys_reply_recv,
	[SYS_SIGNAL] = sys_signal,
	[SYS_WAIT] = sys_wait,
	[SYS_POLL] = sys_poll,
	[SYS_THREAD_SET_FAULT_HANDLER] = sys_thread_set_fault_handler,
	[SYS_THREAD_SET_IPC_BUFFER] = sys_thread_set_ipc_buffer,
	[SYS_IRQ_CREATE] = sys_irq_create,
	[SYS_IRQ_SET_NOTIFY] = sys_irq_set_notify,
	[SYS_IRQ_ACK] = sys_irq_ack,
	[SYS_THREAD_MOVE] = sys_thread_move,
	[SYS_CONSOLE_READ] = sys_console_read,
	[SYS_KSTAT] = sys_kstat,
	[SYS_VCPU_CREATE] = sys_vcpu_create,
	[SYS_VCPU_WRITE] = sys_vcpu_write,
	[SYS_VCPU_VIRQ] = sys_vcpu_virq,
	[SYS_IRQ_SET_VCPU] = sys_irq_set_vcpu,
	[SYS_NOTIFY_SET_VCPU] = sys_notify_set_vcpu,
	[SYS_VCPU_STAT] = sys_vcpu_stat,
	[SYS_SPACE_DESTROY] = sys_space_destroy,
	[SYS_CONSOLE_TAG] = sys_console_tag,
};
#pragma GCC diagnostic pop

struct trap_frame *syscall_entry(struct cpu *cpu)
{
	struct thread *t = cpu->sched.current;
	const uint32_t *args;
	uint32_t nr = syscall_arch_decode(t, &args);
	int result;

	result = table[likely(nr < SYS_COUNT) ? nr : SYS_COUNT](t, args);
	/* Blocked: the result comes when it completes. Gone: nothing to return to. */
	if (likely(result != SYSCALL_BLOCKED && cpu->sched.current == t)) {
		syscall_arch_result(t, result);
		if (likely(thread_keeps_core(&cpu->sched, t)))
			return &t->arch.ctx;
	}
	return sched_pick(&cpu->sched);
}

/* At the home of the object the call names: run it again there, for @t (held). */
static void rerun(struct thread *t)
{
	const uint32_t *args;
	uint32_t nr = syscall_arch_decode(t, &args);
	int result = table[nr < SYS_COUNT ? nr : SYS_COUNT](t, args);

	if (result == SYSCALL_BLOCKED)
		return; /* it waits here now, or went on to yet another core */
	syscall_arch_result(t, result);
	sched_ready(t);
}

/*
 * At the endpoint's home, a call its caller's fast path found short and
 * sent here (syscall_forward_call()): with a receiver waiting, the message
 * goes to it as sys_call() would send it (ipc_call_waiting()), without
 * decoding and checking the call again. Anything else (the handle gone or changed, nobody waiting:
 * a wait with its timeout, or an error) is the call run again, as rerun().
 */
static void call_home(struct thread *t)
{
	uint32_t badge;
	struct kobj *obj = handle_find(&t->space->handles, ipc_arch_regs(t)[REG_HANDLE],
				       KOBJ_ENDPOINT, RIGHT_SEND, &badge);
	struct endpoint *ep = (struct endpoint *)obj;

	/* The handle still names it: the endpoint lives while this core runs this. */
	if (unlikely(!obj || obj->home != this_cpu()->id || list_empty(&ep->receivers))) {
		rerun(t);
		return;
	}
	ipc_call_waiting(t, ep, badge);
}

static int forward(struct thread *t, cpuid_t core, xcall_fn *fn)
{
	/* Read without the object's home core: a stale value names no live core. */
	if (core >= CONFIG_MAX_CPUS || cpu_state(core) != CPU_ONLINE)
		return ERR_BAD_HANDLE;
	return xcall_forward(t, core, fn);
}

int syscall_forward(struct thread *t, cpuid_t core)
{
	return forward(t, core, rerun);
}

int syscall_forward_call(struct thread *t, cpuid_t core)
{
	return forward(t, core, call_home);
}
