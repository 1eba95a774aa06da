/* SPDX-License-Identifier: MIT */
/*
 * The part of a thread every ARM arch lays out alike: its user registers,
 * as the arch's trap frame, and the IPC system calls' registers. While the
 * thread runs, the kernel's stack pointer (SP_hyp, SP_svc) points just past
 * ctx, so an exception from the thread saves its registers straight into it
 * (the arch's vectors.S). The arch's <arch/thread.h> includes this.
 */
#pragma once

#include <compiler.h>

#include <arch/psr.h>
#include <arch/trap.h>

struct arch_thread {
	struct trap_frame ctx __aligned(8);
};

/*
 * The IPC system calls' registers (uapi/cella/ipc.h), by role: the index
 * into ipc_arch_regs(). Two slots have a role going in and another coming
 * back out. The only names for them in the kernel.
 */
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

/*
 * Resume at @pc; bit 0 selects Thumb, as for a branch. A new pc is not in
 * the IT block the old one may have been in (where the arch has IT state:
 * PSR_IT_MASK); in ARM state it is word-aligned.
 */
static inline void thread_arch_set_pc(struct arch_thread *a, uint32_t pc)
{
	a->ctx.pc = pc & 1 ? pc & ~1u : pc & ~3u;
	a->ctx.psr = (a->ctx.psr & ~(uint32_t)(PSR_T | PSR_IT_MASK)) | (pc & 1 ? PSR_T : 0);
}
