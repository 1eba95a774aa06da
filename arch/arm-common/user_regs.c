// SPDX-License-Identifier: MIT
/*
 * A user thread's registers as every ARM arch's ABI places them: a system
 * call's number in r7, its arguments in r0-r6 and its result in r0 (the
 * entry code saved them in the thread's frame), a new thread's argument in
 * r0, Thumb or ARM state chosen by bit 0 of its entry, as for a branch.
 */
#include <syscall.h>
#include <thread.h>

#include <arch/psr.h>

uint32_t syscall_arch_decode(struct thread *t, const uint32_t **args)
{
	*args = t->arch.ctx.r;
	return t->arch.ctx.r[7];
}

void syscall_arch_result(struct thread *t, int value)
{
	t->arch.ctx.r[0] = (uint32_t)value;
}

void thread_arch_init_user(struct arch_thread *a, uint32_t entry, uint32_t sp, uint32_t arg)
{
	*a = (struct arch_thread){0};
	a->ctx.r[0] = arg;
	a->ctx.sp = sp;
	a->ctx.pc = entry & ~1u;
	a->ctx.psr = PSR_MODE_USR | (entry & 1 ? PSR_T : 0);
}
