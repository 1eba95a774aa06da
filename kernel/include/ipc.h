/* SPDX-License-Identifier: MIT */
/*
 * The IPC engine: blocking and waking with timeouts, message transfer
 * between threads (registers, buffer words, a handle), replies, faults as
 * messages. Every thread involved is homed on the calling core or held by
 * it (thread.h): the object a wait is on is always homed here.
 */
#pragma once

#include <err.h>
#include <types.h>

#include <arch/thread.h>
#include <uapi/cella/ipc.h>

struct endpoint;
struct thread;

/* A system call that blocked: its status is written when it completes. */
#define SYSCALL_BLOCKED 0x7fffffff

/** ipc_block() - @t waits (state @state) on @on until woken or @timeout_us passes. */
int ipc_block(struct thread *t, int state, void *on, uint32_t timeout_us);

/** ipc_wake() - end @t's wait with @status (ERR_NONE or an error). */
void ipc_wake(struct thread *t, int status);

/** ipc_abort() - take @t out of whatever it waits on and wake it with @status. */
void ipc_abort(struct thread *t, int status);

/** ipc_drop_caller() - a caller waiting for @t's reply gets ERR_STATE instead. */
void ipc_drop_caller(struct thread *t);

/** ipc_detach() - before @t goes: free its queues and its pending caller. */
void ipc_detach(struct thread *t);

/**
 * ipc_send() - @t sends its message to @ep with @badge: delivered at once
 * to a waiting receiver, or @t waits as a sender. A call then waits for the
 * reply. Returns ERR_NONE, SYSCALL_BLOCKED, or ERR_TIMEOUT.
 */
int ipc_send(struct thread *t, struct endpoint *ep, uint32_t badge, bool call, bool grant,
	     uint32_t timeout_us);

/**
 * ipc_call_waiting() - ipc_send() of a call by @t to @ep with @badge when a
 * receiver waits there and the message is short (in registers, no handle,
 * no truncation flag): the receiver has it, @t waits for the reply.
 */
void ipc_call_waiting(struct thread *t, struct endpoint *ep, uint32_t badge);

/** ipc_recv() - @t takes the first sender's message, or waits for one. */
int ipc_recv(struct thread *t, struct endpoint *ep, uint32_t timeout_us);

/** ipc_reply() - @t answers the caller it last received from. ERR_STATE if none. */
int ipc_reply(struct thread *t);

/** ipc_fault() - @t faulted: a message to its handler, or stop and report. */
void ipc_fault(struct thread *t, uint32_t kind, uint32_t addr, uint32_t syndrome, const char *what);

/** ipc_check_message() - validate @t's outgoing message; an error or ERR_NONE. */
int ipc_check_message(struct thread *t, bool grant);

/** ipc_check_buffer() - @t's IPC buffer, if set, must be writable. */
int ipc_check_buffer(struct thread *t);

/* @t's message registers: status/handle, info, words 0-3, timeout/badge. */
#define ipc_arch_regs(t) ipc_arch_regs_of(&(t)->arch)

/* The info word and the register words, copied as one block (ldm/stm). */
struct ipc_reg_message {
	uint32_t word[1 + IPC_REG_WORDS];
};

/**
 * ipc_copy_short() - a short message (the registers, no truncation flag)
 * from @from to @to, the registers of a receiver that will see status 0 and
 * @badge: transfer() for that case, without its tests.
 */
static inline void ipc_copy_short(uint32_t *to, const uint32_t *from, uint32_t badge)
{
	to[REG_STATUS] = ERR_NONE;
	*(struct ipc_reg_message *)&to[REG_INFO] = *(const struct ipc_reg_message *)&from[REG_INFO];
	to[REG_BADGE] = badge;
}
