/* SPDX-License-Identifier: MIT */
/*
 * HYP vector table. Every entry saves a struct trap_frame at SP_hyp:
 * - from HYP itself, SP_hyp is this core's kernel stack: the frame goes
 *   there (8-byte aligned, whatever the interrupted SP was) and
 *   hyp_exception(frame, vector) runs; if it returns, the frame is
 *   restored and we ERET;
 * - from user level, SP_hyp points just past the running thread's saved
 *   registers (sched_arch_enter_user set it), so the frame lands in the
 *   thread itself; we add SP_usr, move to the kernel stack (from struct
 *   cpu, found through HTPIDR) and call user_exception(frame, vector),
 *   which returns the registers of the thread to resume.
 * r0-r12 are the frame's last words, sp, pc, psr and lr the four below
 * them (arch/trap.h): a thread's registers go in with two pushes and come
 * back with two loads.
 */
#include <config.h>
#include <arch/psr.h>
#include <asm-offsets.h>
#include <uapi/cella/syscall.h>

	.syntax unified
	.arm
	.text

.macro	vector_entry name, offset
\name:
	sub	sp, sp, #TF_SIZE
	tst	sp, #4				@ Z: the frame is 8-aligned
	subne	sp, sp, #4			@ (the flags survive the stm)
	str	r0, [sp, #TF_R0]
	add	r0, sp, #(TF_R0 + 4)
	stmia	r0, {r1-r12}
	addeq	r0, sp, #TF_SIZE
	addne	r0, sp, #(TF_SIZE + 4)
	str	r0, [sp, #TF_SP]		@ SP before the exception
	str	lr, [sp, #TF_LR]
	mrs	r0, ELR_hyp
	str	r0, [sp, #TF_PC]
	mrs	r0, spsr
	str	r0, [sp, #TF_PSR]
	mov	r1, #\offset
	and	r0, r0, #PSR_MODE_MASK
	cmp	r0, #PSR_MODE_HYP
	bne	from_user
	mov	r0, sp
	bl	hyp_exception
	add	sp, sp, #TF_R0
	b	exception_return
.endm

	.align	5
	.globl	hyp_vectors
hyp_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_trap
	b	vec_irq
	b	vec_fiq

	vector_entry vec_reset, 0x00
	vector_entry vec_undef, 0x04
	vector_entry vec_svc, 0x08
	vector_entry vec_pabt, 0x0c

/*
 * A data abort taken in HYP (from a lower level it is a trap, 0x14) with SP
 * in a guard is a kernel stack overflow: pushing a frame there would fault
 * again and walk down the guard. kernel_stacks is aligned to twice the
 * stack size and each is [guard][stack], so bit CONFIG_STACK_SHIFT of SP
 * is 0 exactly in a guard. Stop the core on the top of its own stack (its
 * outer frames are dead now), after saying so.
 */
vec_dabt:
	tst	sp, #(1 << CONFIG_STACK_SHIFT)
	bne	vec_dabt_frame
	mrc	p15, 4, r0, c13, c0, 2		@ HTPIDR: this core's struct cpu
	ldr	sp, [r0, #CPU_STACK_TOP]
	mrs	r0, ELR_hyp			@ the faulting instruction
	bl	kernel_stack_overflow		@ does not return
	vector_entry vec_dabt_frame, 0x10
	/* vec_trap: below, specialised: it is taken only from lower levels. */
	vector_entry vec_fiq, 0x1c

/*
 * An interrupt. Taken from a thread or a guest, SP_hyp points just past its
 * saved registers (8-aligned), as for a trap. Taken in HYP itself (the idle
 * loop's WFI), the frame lands on the kernel stack wherever SP was: it is
 * completed there and hyp_exception() runs on an 8-aligned stack below it.
 * The interrupt injected into a guest takes the first way (docs/benchmarks.md
 * counts it); the doorbell that wakes an idle core the second.
 */
vec_irq:
	stmdb	sp!, {r0-r12}
	mrs	r4, spsr
	and	r1, r4, #PSR_MODE_MASK
	cmp	r1, #PSR_MODE_HYP
	beq	irq_in_hyp
	mrs	r1, SP_usr
	mrs	r3, ELR_hyp
	stmdb	sp!, {r1, r3, r4, lr}		@ sp, pc, psr, lr
	sub	r0, sp, #TF_SP
	mov	r1, #0x18
	b	to_kernel_stack

irq_in_hyp:
	add	r0, sp, #(TF_SIZE - TF_R0)	@ SP before the exception
	mrs	r3, ELR_hyp
	stmdb	sp!, {r0, r3, r4, lr}		@ sp, pc, psr, lr
	sub	r5, sp, #TF_SP			@ the frame (r5 survives the call)
	bic	sp, r5, #7
	mov	r0, r5
	mov	r1, #0x18
	bl	hyp_exception
	add	sp, r5, #TF_R0
	b	exception_return

/* Resume the frame whose r0 is at sp, in HYP. */
exception_return:
	ldr	r0, [sp, #(TF_PC - TF_R0)]
	msr	ELR_hyp, r0
	ldr	r0, [sp, #(TF_PSR - TF_R0)]
	msr	spsr_cxsf, r0
	ldr	lr, [sp, #(TF_LR - TF_R0)]
	ldmia	sp, {r0-r12}
	ldr	sp, [sp, #(TF_SP - TF_R0)]
	eret

/*
 * Hyp traps (system calls, aborts and trapped instructions of threads)
 * come only from lower levels: SVC and HVC executed in HYP use 0x08. So
 * SP_hyp points just past the running thread's registers; no alignment or
 * mode test is needed. sp, pc, psr and lr are consecutive in the frame
 * (checked in arch/trap.h) and go out with one stm. Only r7-r12 serve as
 * scratch: r0-r6 (the handle and the message, for the fast path) stay as
 * the thread left them. The whole syndrome of an ARM `svc #0` is one
 * constant; any other trap, a Thumb or numbered SVC too, goes to
 * user_exception(). A system call goes to where this core's table of
 * entries (cpu->arch.sys_entries, fastpath_arch_init()) sends its number,
 * with r11 = this core's struct cpu, sp = the frame + TF_SP, on SP_hyp:
 * SYS_CALL and SYS_REPLY_RECV to the IPC fast path (fastpath.S) when it is
 * on, SYS_POLL to syscall_poll below, every other number to syscall_slow,
 * which takes the kernel stack and calls syscall_entry(); it returns the
 * registers to resume to the exit.
 */
vec_trap:
	stmdb	sp!, {r0-r12}
	mrs	r8, SP_usr
	mrs	r9, ELR_hyp
	mrs	r10, spsr
	stmdb	sp!, {r8, r9, r10, lr}		@ sp, pc, psr, lr
	mrc	p15, 4, r8, c5, c2, 0		@ HSR
	cmp	r8, #HSR_SVC0
	bne	trap_other
	mrc	p15, 4, r11, c13, c0, 2		@ HTPIDR: this core's struct cpu
	ldr	r8, [r11, #CPU_SYS_ENTRIES]
	cmp	r7, #SYS_COUNT			@ r7: the system call number
	ldrlo	pc, [r8, r7, lsl #2]
	.globl	syscall_slow
syscall_slow:					@ r11: this core's struct cpu
	mov	r0, r11
	ldr	sp, [r11, #CPU_STACK_TOP]
	adr	lr, sched_arch_enter_user	@ where it returns
	b	syscall_entry

/*
 * SYS_POLL, which never switches threads here: it returns its result to
 * the caller, or forwards the call to the notification's home core
 * (SYSCALL_BLOCKED). It readies no thread and leaves the caller runnable,
 * so the caller still keeps the core as it did when it trapped (every
 * change to that is made by an interrupt, whose exit looks): the exit test
 * of syscall_entry() is not needed.
 */
syscall_poll:
	sub	r4, sp, #TF_SP			@ the frame (r4 survives the call)
	ldr	sp, [r11, #CPU_STACK_TOP]
	ldr	r0, [r11, #CPU_CURRENT]
	add	r1, r4, #TF_R0			@ the arguments: r0... of the frame
	bl	sys_poll
	cmn	r0, #-SYSCALL_BLOCKED_		@ r0 == SYSCALL_BLOCKED
	beq	syscall_blocked
	str	r0, [r4, #TF_R0]		@ syscall_arch_result()
	mov	r0, r4
	b	sched_arch_enter_user

/* The call waits elsewhere: run another thread (as syscall_entry()). */
syscall_blocked:
	add	r0, r11, #CPU_SCHED
	adr	lr, sched_arch_enter_user
	b	sched_pick

/*
 * Each core's table of where vec_trap sends a system call, by number
 * (fastpath_arch_init() chooses one): with and without the IPC fast path.
 */
.macro	sys_entries call, reply_recv
	.set	nr, 0
	.rept	SYS_COUNT
	.if	nr == SYS_CALL
	.word	\call
	.elseif	nr == SYS_REPLY_RECV
	.word	\reply_recv
	.elseif	nr == SYS_POLL
	.word	syscall_poll
	.else
	.word	syscall_slow
	.endif
	.set	nr, nr + 1
	.endr
.endm

	.section .rodata
	.align	2
	.globl	sys_entries_fast
sys_entries_fast:
	sys_entries fastpath_arch_call, fastpath_arch_reply_recv
	.globl	sys_entries_slow
sys_entries_slow:
	sys_entries syscall_slow, syscall_slow
	.text

trap_other:
	sub	r0, sp, #TF_SP
	mov	r1, #0x14
	b	to_kernel_stack

/* sp = the thread's saved registers, r1 = vector offset. */
from_user:
	mrs	r0, SP_usr
	str	r0, [sp, #TF_SP]
	mov	r0, sp
to_kernel_stack:
	mrc	p15, 4, r2, c13, c0, 2		@ HTPIDR: this core's struct cpu
	ldr	sp, [r2, #CPU_STACK_TOP]
	bl	user_exception
	@ fall through with r0 = the registers to resume

/* Resume user registers at r0; SP_hyp is left just past them. */
	.globl	sched_arch_enter_user
sched_arch_enter_user:
	add	sp, r0, #TF_SIZE		@ r0-r12 lie just below
	ldmib	r0, {r2, r4, r5, lr}		@ sp, pc, psr, lr (TF_SP is 4)
	msr	SP_usr, r2
	msr	ELR_hyp, r4
	msr	spsr_cxsf, r5
	ldmdb	sp, {r0-r12}
	eret
