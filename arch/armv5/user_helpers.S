/* SPDX-License-Identifier: MIT */
/*
 * The page of kernel code user level may run (mmu.c maps it at
 * USER_CMPXCHG_ADDR, user read-only): a compare-and-swap for a core without
 * exclusive loads and stores, where user level cannot mask interrupts. It
 * is a restartable sequence: an exception taken after its load and before
 * its store completes resumes it at the start (user_exception(), trap.c),
 * so the load and the store act as one. As Linux's kuser_cmpxchg on ARMv5.
 *
 *   r0 = the old value, r1 = the new one, r2 = the word;
 *   returns r0 = 0 if the word held r0 and now holds r1; r3 clobbered.
 */
	.syntax unified
	.arm
	.section .text.user_helpers, "ax"
	.align	12
	.globl	user_cmpxchg, user_cmpxchg_commit
user_cmpxchg:
	ldr	r3, [r2]
	subs	r3, r3, r0
user_cmpxchg_commit:
	streq	r1, [r2]
	rsbs	r0, r3, #0
	bx	lr
	.align	12
