/* SPDX-License-Identifier: MIT */
/*
 * The IPC fast path on ARMv7: SYS_CALL and SYS_REPLY_RECV between threads
 * of this core when the partner already waits, the message fits in
 * registers and nothing more urgent is ready. kernel/fastpath.c is the same
 * path in C, the reference for what each guard and store does (and the fast
 * path of an arch without one of its own); kernel/ipc.c is the slow path
 * both fall back to, unchanged, when a guard fails.
 *
 * The trap entry (vectors.S) has saved the caller's registers in its frame
 * and comes here, sp still on it (the frame + TF_SP), with:
 *	r0	the handle
 *	r1-r5	the message: info word and four words, as the caller left them
 *	r6	the timeout
 *	r11	this core's struct cpu
 * Every guard that fails branches to syscall_slow with r11 still the cpu.
 * Past the guards nothing fails: the message goes into the partner's
 * registers (r0 = status 0, r1-r5, r6 = badge) straight from these, the two
 * threads' states are swapped and the partner resumed by eret; the
 * message never passes through memory but for the partner's frame, which
 * is stored with one stm so that the frame is complete whatever reads it.
 */
#include <asm-offsets.h>

	.syntax unified
	.arm
	.text

/*
 * The endpoint the handle r0 names in the current thread's (r10) space, if
 * it carries \right and is homed on this core (r12 = cpu->arch.endpoint_here:
 * its id << 8 | KOBJ_ENDPOINT): into r8, with the slot's badge into r6 if
 * \badge. Any other object goes to \away with r7 = its home << 8 | type,
 * anything else that fails to syscall_slow. Clobbers r7, r9 and lr. The reads and tests are
 * handle_find()'s (kernel/handle.h): each pair at once, no barrier; a free
 * slot's key has no rights, so the right tested tells it from a live one.
 */
.macro	find_endpoint right, badge=0, away=syscall_slow
	ldr	r9, [r10, #T_SPACE]
	ubfx	r7, r0, #0, #HANDLE_INDEX_BITS_
	ldrd	r8, r9, [r9, #SPACE_HSLOTS]	@ the slots, and their count
	cmp	r7, r9
	bhs	syscall_slow
	add	lr, r8, r7, lsl #HSLOT_SHIFT
	ldrd	r8, r9, [lr, #HSLOT_REF]	@ the object and the key
.if \badge
	ldrd	r6, r7, [lr, #HSLOT_TAG]	@ the badge and the key again
.endif
	cmp	r0, r9, lsr #HANDLE_KEY_SHIFT_
	bne	syscall_slow
.if \badge
	cmp	r9, r7
	bne	syscall_slow
.endif
	tst	r9, #\right
	beq	syscall_slow
	ldrh	r7, [r8, #KOBJ_TYPE_HOME]	@ type, and the home core above it
	cmp	r7, r12
	bne	\away
.endm

/* The message fits in registers: no handle, no truncation, at most four words. */
.macro	short_message
	ubfx	r7, r1, #0, #IPC_SHORT_BITS
	cmp	r7, #IPC_REG_WORDS_
	bhi	syscall_slow
.endm

/*
 * The partner (r9) may run now instead: homed here (tested unless \home
 * is 0: the caller did), not suspended nor held (one halfword), and
 * nothing readied outranks it. Clobbers \scratch and lr.
 */
.macro	may_switch_to scratch, home=1
.if \home
	ldrb	lr, [r9, #T_HOME]
	cmp	lr, r12, lsr #8
	bne	syscall_slow
.endif
	ldrh	lr, [r9, #T_SUSPENDED]		@ suspended, and held above it
	cmp	lr, #0
	bne	syscall_slow
	ldrb	lr, [r9, #T_PRIO]
	ldr	\scratch, [r11, #CPU_RQ_TOP]
	cmp	lr, \scratch
	blt	syscall_slow
.endm

	.globl	fastpath_arch_reply_recv
	.type	fastpath_arch_reply_recv, %function
fastpath_arch_reply_recv:
	cmn	r6, #1				@ the receive waits forever
	bne	syscall_slow
	ldr	r10, [r11, #CPU_CURRENT]	@ the replier
	ldr	r12, [r11, #CPU_ENDPOINT_HERE]
	find_endpoint RIGHT_RECV_
	short_message
	ldr	r7, [r8, #EP_SENDERS]		@ nobody waits to send: the receive blocks
	add	lr, r8, #EP_SENDERS
	cmp	r7, lr
	bne	syscall_slow
	ldr	r9, [r10, #T_CALLER]		@ the caller it answers
	cmp	r9, #0
	beq	syscall_slow
	ldrb	lr, [r9, #T_FAULTED]		@ a caller blocked sending a fault
	cmp	lr, #0
	bne	syscall_slow
	ldrb	lr, [r9, #T_HOME]		@ homed elsewhere, its wait held here
	cmp	lr, r12, lsr #8
	bne	reply_away
	may_switch_to r7, 0
	/* no failure past here */
	mov	r6, #0				@ a reply carries no badge
	str	r6, [r10, #T_CALLER]
	mov	lr, #THREAD_BLOCKED_RECV_
	strb	lr, [r10, #T_STATE]
	str	r8, [r10, #T_BLOCKED_ON]
	add	r7, r8, #EP_RECEIVERS		@ last of the receivers
	add	r8, r10, #T_IPC_LINK
	ldr	lr, [r7, #4]			@ the last one now
	stm	r8, {r7, lr}			@ next: the head, prev: the last one
	str	r8, [lr]
	str	r8, [r7, #4]
	mov	lr, #THREAD_RUNNABLE_		@ for switch_to
	b	switch_to

	.globl	fastpath_arch_call
	.type	fastpath_arch_call, %function
fastpath_arch_call:
	ldr	r10, [r11, #CPU_CURRENT]	@ the caller
	ldr	r12, [r11, #CPU_ENDPOINT_HERE]
	find_endpoint RIGHT_SEND_, 1, call_away	@ the badge goes to the receiver in r6
	short_message
	ldr	r7, [r8, #EP_RECEIVERS]!	@ the first receiver's ipc_link, or the
	cmp	r7, r8				@ list head (r8 now) if none waits
	beq	syscall_slow
	sub	r9, r7, #T_IPC_LINK		@ the receiver
	ldrb	lr, [r9, #T_TIMED]		@ its wait has a timeout to cancel
	cmp	lr, #0
	bne	syscall_slow
	may_switch_to r8			@ (the endpoint's list is done with)
	/* no failure past here */
	ldm	r7, {r8, lr}			@ out of the receivers: next, prev
	str	r8, [lr]
	str	lr, [r8, #4]
	mov	lr, #THREAD_RUNNABLE_		@ for switch_to
	mov	r7, #THREAD_BLOCKED_REPLY_
	strb	r7, [r10, #T_STATE]
	str	r9, [r10, #T_BLOCKED_ON]
	str	r10, [r9, #T_CALLER]
	/* fall through */

/*
 * Switch from the current thread (r10) to r9, which runs now; r11 = cpu,
 * r1-r6 = r9's message registers but for r0 (status: 0), lr =
 * THREAD_RUNNABLE. Its space is loaded whether or not it is the current
 * one (one write, cheaper than the test); the new VTTBR needs no isb: the
 * eret synchronises it. What fastpath.c's switch_to() leaves alone, this
 * does too (there: why).
 */
	.type	switch_to, %function
switch_to:
	mov	r0, #0
	add	r7, r9, #(T_CTX + TF_R0)
	stmia	r7, {r0-r6}			@ its frame, complete
	strb	lr, [r9, #T_STATE]
	str	r9, [r11, #CPU_CURRENT]
	mrc	p15, 0, lr, c13, c0, 2		@ TPIDRURW: the thread's own
	str	lr, [r10, #T_TLS]
	clrex
	add	sp, r7, #(TF_SIZE - TF_R0)	@ as sched_arch_enter_user, but r0-r6
	ldmdb	r7, {r8, r9, r10, r11, r12, lr}	@ its space; tls, sp, pc, psr, lr
	mcr	p15, 0, r9, c13, c0, 2
	ldrd	r8, r9, [r8, #SPACE_VTTBR]	@ space_arch_activate()
	mcrr	p15, 6, r8, r9, c2
	msr	SP_usr, r10
	msr	ELR_hyp, r11
	msr	spsr_cxsf, r12
	ldmdb	sp, {r7-r12}			@ the frame's last words
	eret

/* An endpoint homed on another core: a short message goes there as one (fastpath.c). */
call_away:
	and	lr, r7, #0xff			@ an endpoint all the same
	cmp	lr, #KOBJ_ENDPOINT_
	bne	syscall_slow
	lsr	r8, r7, #8			@ its home
	short_message
	mov	r0, r11
	mov	r1, r8
	ldr	sp, [r11, #CPU_STACK_TOP]
	movw	lr, #:lower16:sched_arch_enter_user
	movt	lr, #:upper16:sched_arch_enter_user
	b	fastpath_remote_call

/* The caller goes home with the reply; the replier waits as above (fastpath.c). */
reply_away:
	mov	r0, r11
	mov	r1, r8				@ the endpoint
	mov	r2, r9				@ the caller
	ldr	sp, [r11, #CPU_STACK_TOP]
	movw	lr, #:lower16:sched_arch_enter_user
	movt	lr, #:upper16:sched_arch_enter_user
	b	fastpath_remote_reply
