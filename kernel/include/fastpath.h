/* SPDX-License-Identifier: MIT */
/* The IPC fast path for call and reply-and-receive on one core (kernel/fastpath.c). */
#pragma once

#include <types.h>

struct cpu;
struct endpoint;
struct thread;
struct trap_frame;

/**
 * fastpath_init() - read the ipc_fastpath= boot argument and tell every
 * core's trap entry which calls to send here. Boot core, before threads.
 */
void fastpath_init(void);

/* Must be implemented by the architecture: */

/**
 * fastpath_arch_init() - make every core's trap entry send SYS_CALL and
 * SYS_REPLY_RECV to the fast path if @on, to the slow path if not, with no
 * test per call. Boot core, before threads.
 */
void fastpath_arch_init(bool on);

/*
 * The path in C (kernel/fastpath.c), for an arch whose trap entry calls it;
 * an arch with its own in assembly (ARMv7) follows it as the reference.
 */

/**
 * fastpath_call() - SYS_CALL of the thread running on @cpu (this core) on
 * the fast path if every guard holds, else (nothing changed) the slow path,
 * syscall_entry(): returns the registers of the thread to resume. Called
 * by the trap entry.
 */
struct trap_frame *fastpath_call(struct cpu *cpu);

/** fastpath_reply_recv() - the same for SYS_REPLY_RECV. */
struct trap_frame *fastpath_reply_recv(struct cpu *cpu);

/*
 * The two calls when the partner is on another core, reached from the
 * guards of either fast path (the C one above or the arch's own).
 */

/**
 * fastpath_remote_call() - SYS_CALL of the thread running on @cpu with a
 * short message to an endpoint it may send to, homed on core @home (not
 * this one): it goes there (syscall_forward_call()). Returns the registers
 * of the thread to resume here.
 */
struct trap_frame *fastpath_remote_call(struct cpu *cpu, cpuid_t home);

/**
 * fastpath_remote_reply() - SYS_REPLY_RECV of the thread running on @cpu,
 * waiting forever on @ep (homed here, no sender waiting), with a short
 * message for its caller @c, which is homed on another core and not
 * faulted: @c goes home with the reply, the replier waits on @ep.
 */
struct trap_frame *fastpath_remote_reply(struct cpu *cpu, struct endpoint *ep, struct thread *c);
