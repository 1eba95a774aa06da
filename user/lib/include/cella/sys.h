/* SPDX-License-Identifier: MIT */
/*
 * System-call stubs for native components: one inline `svc #0` each, the
 * number in r7, arguments in r0-r5, the result in r0 (uapi/cella/syscall.h).
 */
#pragma once

#include <cella/errors.h>
#include <cella/ipc.h>
#include <cella/kstat.h>
#include <cella/rights.h>
#include <cella/syscall.h>
#include <cella/vcpu.h>

typedef unsigned int handle_t;

static inline int syscall6(unsigned int nr, unsigned int a0, unsigned int a1, unsigned int a2,
			   unsigned int a3, unsigned int a4, unsigned int a5)
{
	register unsigned int r0 __asm__("r0") = a0;
	register unsigned int r1 __asm__("r1") = a1;
	register unsigned int r2 __asm__("r2") = a2;
	register unsigned int r3 __asm__("r3") = a3;
	register unsigned int r4 __asm__("r4") = a4;
	register unsigned int r5 __asm__("r5") = a5;
	register unsigned int r7 __asm__("r7") = nr;

	__asm__ volatile("svc #0"
			 : "+r"(r0)
			 : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r7)
			 : "memory");
	return (int)r0;
}

static inline int sys_debug_write(const char *s, unsigned int len)
{
	return syscall6(SYS_DEBUG_WRITE, (unsigned int)s, len, 0, 0, 0, 0);
}

static inline int sys_yield(void)
{
	return syscall6(SYS_YIELD, 0, 0, 0, 0, 0, 0);
}

static inline int sys_sleep(unsigned long long ns)
{
	return syscall6(SYS_SLEEP, (unsigned int)ns, (unsigned int)(ns >> 32), 0, 0, 0, 0);
}

static inline __attribute__((noreturn)) void sys_thread_exit(void)
{
	syscall6(SYS_THREAD_EXIT, 0, 0, 0, 0, 0, 0);
	__builtin_unreachable();
}

static inline int sys_thread_create(handle_t space, unsigned int core, unsigned int prio,
				    unsigned int max_prio)
{
	return syscall6(SYS_THREAD_CREATE, space, core, prio, max_prio, 0, 0);
}

static inline int sys_thread_start(handle_t t, void (*entry)(unsigned int), void *sp,
				   unsigned int arg)
{
	return syscall6(SYS_THREAD_START, t, (unsigned int)entry, (unsigned int)sp, arg, 0, 0);
}

static inline int sys_thread_set_prio(handle_t t, unsigned int prio)
{
	return syscall6(SYS_THREAD_SET_PRIO, t, prio, 0, 0, 0, 0);
}

static inline int sys_thread_move(handle_t t, unsigned int core)
{
	return syscall6(SYS_THREAD_MOVE, t, core, 0, 0, 0, 0);
}

static inline int sys_thread_suspend(handle_t t)
{
	return syscall6(SYS_THREAD_SUSPEND, t, 0, 0, 0, 0, 0);
}

static inline int sys_thread_resume(handle_t t)
{
	return syscall6(SYS_THREAD_RESUME, t, 0, 0, 0, 0, 0);
}

static inline int sys_handle_copy(handle_t h, handle_t dst_space, unsigned int rights,
				  unsigned int badge)
{
	return syscall6(SYS_HANDLE_COPY, h, dst_space, rights, badge, 0, 0);
}

static inline int sys_handle_close(handle_t h)
{
	return syscall6(SYS_HANDLE_CLOSE, h, 0, 0, 0, 0, 0);
}

/* @spaces: how many spaces the new one may create in turn (the caller pays 1 + @spaces). */
static inline int sys_space_create(handle_t memory, unsigned int spaces)
{
	return syscall6(SYS_SPACE_CREATE, memory, spaces, 0, 0, 0, 0);
}

/*
 * Close every handle @space holds, and @space itself. The space goes when
 * its threads and other handles to it do; its memory object is usable
 * again once its kernel memory is all back (sys_space_create may see
 * ERR_STATE for a moment after).
 */
static inline int sys_space_destroy(handle_t space)
{
	return syscall6(SYS_SPACE_DESTROY, space, 0, 0, 0, 0, 0);
}

static inline int sys_memory_split(handle_t memory, unsigned int offset)
{
	return syscall6(SYS_MEMORY_SPLIT, memory, offset, 0, 0, 0, 0);
}

static inline int sys_memory_map(handle_t space, handle_t memory, unsigned int addr,
				 unsigned int rights)
{
	return syscall6(SYS_MEMORY_MAP, space, memory, addr, rights, 0, 0);
}

static inline int sys_kmem_donate(handle_t space, handle_t memory)
{
	return syscall6(SYS_KMEM_DONATE, space, memory, 0, 0, 0, 0);
}

static inline int sys_kmem_available(handle_t space)
{
	return syscall6(SYS_KMEM_AVAILABLE, space, 0, 0, 0, 0, 0);
}

/* IPC: a message as the registers carry it (uapi/cella/ipc.h). */
struct msg {
	unsigned int info;
	union { /* the four register words, as they are or as a fault's */
		unsigned int mr[IPC_REG_WORDS];
		struct fault_msg fault;		/* a fault message (label FAULT_LABEL) */
		struct fault_reply fault_reply; /* the answer to one */
		struct vcpu_reply vcpu_reply;	/* the answer to a VCPU's exit */
	};
	unsigned int badge; /* on receipt */
};

/* An IPC system call: r0 handle, r1 info, r2-r5 words, r6 timeout; all come back. */
static inline int ipc_syscall(unsigned int nr, handle_t h, struct msg *m, unsigned int timeout)
{
	register unsigned int r0 __asm__("r0") = h;
	register unsigned int r1 __asm__("r1") = m->info;
	register unsigned int r2 __asm__("r2") = m->mr[0];
	register unsigned int r3 __asm__("r3") = m->mr[1];
	register unsigned int r4 __asm__("r4") = m->mr[2];
	register unsigned int r5 __asm__("r5") = m->mr[3];
	register unsigned int r6 __asm__("r6") = timeout;
	register unsigned int r7 __asm__("r7") = nr;

	__asm__ volatile("svc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
			 : "r"(r7)
			 : "memory");
	m->info = r1;
	m->mr[0] = r2;
	m->mr[1] = r3;
	m->mr[2] = r4;
	m->mr[3] = r5;
	m->badge = r6;
	return (int)r0;
}

static inline int sys_endpoint_create(void)
{
	return syscall6(SYS_ENDPOINT_CREATE, 0, 0, 0, 0, 0, 0);
}

static inline int sys_notify_create(void)
{
	return syscall6(SYS_NOTIFY_CREATE, 0, 0, 0, 0, 0, 0);
}

static inline int sys_send(handle_t ep, struct msg *m, unsigned int timeout)
{
	return ipc_syscall(SYS_SEND, ep, m, timeout);
}

static inline int sys_recv(handle_t ep, struct msg *m, unsigned int timeout)
{
	return ipc_syscall(SYS_RECV, ep, m, timeout);
}

static inline int sys_call(handle_t ep, struct msg *m, unsigned int timeout)
{
	return ipc_syscall(SYS_CALL, ep, m, timeout);
}

static inline int sys_reply(struct msg *m)
{
	return ipc_syscall(SYS_REPLY, 0, m, 0);
}

static inline int sys_reply_recv(handle_t ep, struct msg *m, unsigned int timeout)
{
	return ipc_syscall(SYS_REPLY_RECV, ep, m, timeout);
}

static inline int sys_signal(handle_t n, unsigned int bits)
{
	return syscall6(SYS_SIGNAL, n, bits, 0, 0, 0, 0);
}

/* wait and poll: the status in r0, the bits in r1. */
static inline int sys_wait(handle_t n, unsigned int *bits, unsigned int timeout)
{
	struct msg m = {0};
	int err = ipc_syscall(SYS_WAIT, n, &m, timeout);

	*bits = m.info;
	return err;
}

/* r0 the notification in, r0 the error and r1 the bits (0 if none, or on error) out. */
static inline int sys_poll(handle_t n, unsigned int *bits)
{
	register unsigned int r0 __asm__("r0") = n;
	register unsigned int r1 __asm__("r1") = 0;
	register unsigned int r7 __asm__("r7") = SYS_POLL;

	__asm__ volatile("svc #0" : "+r"(r0), "+r"(r1) : "r"(r7) : "memory");
	*bits = r1;
	return (int)r0;
}

static inline int sys_thread_set_fault_handler(handle_t t, handle_t ep)
{
	return syscall6(SYS_THREAD_SET_FAULT_HANDLER, t, ep, 0, 0, 0, 0);
}

static inline int sys_thread_set_ipc_buffer(handle_t t, void *buffer)
{
	return syscall6(SYS_THREAD_SET_IPC_BUFFER, t, (unsigned int)buffer, 0, 0, 0, 0);
}

static inline int sys_irq_create(handle_t control, unsigned int irq)
{
	return syscall6(SYS_IRQ_CREATE, control, irq, 0, 0, 0, 0);
}

static inline int sys_irq_set_notify(handle_t irq, handle_t notification, unsigned int bits)
{
	return syscall6(SYS_IRQ_SET_NOTIFY, irq, notification, bits, 0, 0, 0);
}

static inline int sys_irq_ack(handle_t irq)
{
	return syscall6(SYS_IRQ_ACK, irq, 0, 0, 0, 0, 0);
}

/* Console input (root task only): bytes received so far, 0 if none; never waits. */
static inline int sys_console_read(char *buf, unsigned int len)
{
	return syscall6(SYS_CONSOLE_READ, (unsigned int)buf, len, 0, 0, 0, 0);
}

/* Mark @space's console lines "TAG| " (letters, digits, '-', '_', '.'; len 0: "space N| "). */
static inline int sys_console_tag(handle_t space, const char *tag, unsigned int len)
{
	return syscall6(SYS_CONSOLE_TAG, space, (unsigned int)tag, len, 0, 0, 0);
}

/* A kernel counter (uapi/cella/kstat.h) of @core; needs the interrupt-control handle. */
static inline int sys_kstat(handle_t control, unsigned int core, unsigned int counter)
{
	return syscall6(SYS_KSTAT, control, core, counter, 0, 0, 0);
}

/* A thread carrying VCPU @index of @space's guest, on @core (uapi/cella/vcpu.h). */
static inline int sys_vcpu_create(handle_t space, unsigned int core, unsigned int prio,
				  unsigned int max_prio, unsigned int index)
{
	return syscall6(SYS_VCPU_CREATE, space, core, prio, max_prio, index, 0);
}

/* Set guest register @reg (VCPU_REG_*) of a VCPU that is not running. */
static inline int sys_vcpu_write(handle_t vcpu, unsigned int reg, unsigned int value)
{
	return syscall6(SYS_VCPU_WRITE, vcpu, reg, value, 0, 0, 0);
}

/* Enable, disable or raise virtual interrupt @virq of a VCPU (VIRQ_*). */
/* (vcpu, VCPU_STAT_*) -> the counter's low 31 bits. */
static inline int sys_vcpu_stat(handle_t vcpu, unsigned int counter)
{
	return syscall6(SYS_VCPU_STAT, vcpu, counter, 0, 0, 0, 0);
}

static inline int sys_vcpu_virq(handle_t vcpu, unsigned int virq, unsigned int op)
{
	return syscall6(SYS_VCPU_VIRQ, vcpu, virq, op, 0, 0, 0);
}

/* Deliver interrupt @irq straight to @vcpu as the same virtual interrupt. */
static inline int sys_irq_set_vcpu(handle_t irq, handle_t vcpu)
{
	return syscall6(SYS_IRQ_SET_VCPU, irq, vcpu, 0, 0, 0, 0);
}

/* Each signal of notification @n also raises @virq in @vcpu (0: no longer). */
static inline int sys_notify_set_vcpu(handle_t n, handle_t vcpu, unsigned int virq)
{
	return syscall6(SYS_NOTIFY_SET_VCPU, n, vcpu, virq, 0, 0, 0);
}
