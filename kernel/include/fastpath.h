/* SPDX-License-Identifier: MIT */
/* The IPC fast path for call and reply-and-receive on one core (kernel/fastpath.c). */
#pragma once

#include <types.h>

struct cpu;
struct trap_frame;

/**
 * fastpath_init() - read the ipc_fastpath= boot argument and tell every
 * core's trap entry which calls to send here. Boot core, before threads.
 */
void fastpath_init(void);

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
