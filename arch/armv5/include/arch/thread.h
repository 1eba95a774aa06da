/* SPDX-License-Identifier: MIT */
/*
 * ARMv5 part of a thread: its user registers, laid out as a trap frame.
 * While the thread runs, SP_svc points just past ctx, so an exception from
 * the thread saves its registers straight into it (vectors.S).
 */
#pragma once

#include <compiler.h>

#include <arch/psr.h>
#include <arch/trap.h>

struct arch_thread {
	struct trap_frame ctx __aligned(8);
};

/* The IPC system calls' registers (uapi/cella/ipc.h), by role, as on ARMv7. */
enum ipc_reg {
	REG_HANDLE = 0,	 /* in: the endpoint or notification */
	REG_STATUS = 0,	 /* out: ERR_* */
	REG_INFO = 1,	 /* in and out: the info word */
	REG_BITS = 1,	 /* out, SYS_WAIT and SYS_POLL: the notification's bits */
	REG_MR = 2,	 /* in and out: message words 0-3, in r2-r5 */
	REG_TIMEOUT = 6, /* in: microseconds, TIMEOUT_NONE or TIMEOUT_FOREVER */
	REG_BADGE = 6,	 /* out: the badge of the handle the message came through */
};

static inline uint32_t *ipc_arch_regs_of(struct arch_thread *a)
{
	return a->ctx.r;
}

static inline uint32_t thread_arch_pc(const struct arch_thread *a)
{
	return a->ctx.pc;
}

/* Resume at @pc; bit 0 selects Thumb, as for a branch. */
static inline void thread_arch_set_pc(struct arch_thread *a, uint32_t pc)
{
	a->ctx.pc = pc & 1 ? pc & ~1u : pc & ~3u;
	a->ctx.psr = (a->ctx.psr & ~(uint32_t)PSR_T) | (pc & 1 ? PSR_T : 0);
}

/* The ARM926 has no thread ID register and no exclusive monitor: only the frame differs. */
static inline void thread_arch_switch_native(struct arch_thread *prev, struct arch_thread *next)
{
}
