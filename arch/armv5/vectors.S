/* SPDX-License-Identifier: MIT */
/*
 * Exception vectors, at 0xffff0000 (SCTLR.V; mmu.c maps this page there).
 * IRQ, abort and undefined-instruction entries save r0, the return address
 * and SPSR in their mode's scratch words, then every entry continues in SVC
 * and saves a struct trap_frame at SP_svc:
 * - from SVC (the kernel), SP_svc is the kernel stack: the frame goes there
 *   (8-byte aligned), kernel_exception(frame, vector) runs, and one ldm
 *   with ^ restores r0-r15 and CPSR;
 * - from USR, SP_svc points just past the running thread's saved registers
 *   (sched_arch_enter_user set it), so the frame lands in the thread; we add
 *   SP_usr and LR_usr, move to the kernel stack and call the IPC fast path
 *   or syscall_entry() for a system call, user_exception(frame, vector) for
 *   anything else; each returns the registers to resume.
 */
#include <config.h>
#include <arch/psr.h>
#include <asm-offsets.h>

	.syntax unified
	.arm
	.section .text.vectors, "ax"
	.align	12
	.globl	vectors
vectors:
	.rept	8
	ldr	pc, [pc, #0x18]		@ from the table below: branches cannot reach
	.endr
	.word	vec_unexpected, vec_undef, vec_svc, vec_pabt
	.word	vec_dabt, vec_unexpected, vec_irq, vec_unexpected

	.text

/*
 * In the exception's mode, lr adjusted to the resume address: save, go to
 * SVC. Vector numbers are enum arm_vector's (arch/trap.h).
 */
.macro	to_svc scratch, vector
	ldr	sp, =\scratch
	stmia	sp, {r0, lr}
	mrs	r0, spsr
	str	r0, [sp, #8]
	and	lr, r0, #PSR_MODE_MASK
	mov	r0, #\vector
	str	r0, [sp, #12]
	mov	r0, sp
	cmp	lr, #PSR_MODE_USR		@ Z: from user level
	msr	cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)	@ (the flags stay)
	b	from_scratch
.endm

vec_irq:
	sub	lr, lr, #4
	to_svc	vector_scratch_irq, 0x18
vec_pabt:
	sub	lr, lr, #4
	to_svc	vector_scratch_abt, 0x0c
vec_dabt:
	sub	lr, lr, #8
	to_svc	vector_scratch_abt, 0x10
vec_undef:				@ lr is past the instruction by its size
	mrs	sp, spsr			@ (SP_und is scratch until to_svc sets it)
	tst	sp, #PSR_T
	subeq	lr, lr, #4
	subne	lr, lr, #2
	to_svc	vector_scratch_und, 0x04
vec_unexpected:				@ reset or FIQ: nothing raises them
	mov	lr, #0
	to_svc	vector_scratch_und, 0x00

/* SVC mode, r0 = the scratch words {r0, pc, psr, vector}; Z: from user level. */
from_scratch:
	beq	1f				@ SP_svc is the thread's frame
	tst	sp, #(1 << CONFIG_STACK_SHIFT)	@ in a stack's guard: overflow
	beq	stack_overflow
1:	tst	sp, #4				@ Z: the frame will be 8-aligned
	subne	sp, sp, #4			@ (no instruction below sets flags)
	sub	sp, sp, #TF_SIZE
	stmia	sp, {r0-r12}
	ldmia	r0, {r1-r4}			@ r0, pc, psr, vector
	str	r1, [sp]
	b	saved

vec_svc:				@ lr is the resume address already
	tst	sp, #4
	subne	sp, sp, #4
	sub	sp, sp, #TF_SIZE
	stmia	sp, {r0-r12}
	mov	r2, lr
	mrs	r3, spsr
	mov	r4, #0x08

/* sp = frame with r0-r12 saved; r2 = pc, r3 = psr, r4 = vector; Z from the alignment test. */
saved:
	addeq	r0, sp, #TF_SIZE
	addne	r0, sp, #(TF_SIZE + 4)
	add	r1, sp, #TF_PC
	stmia	r1, {r2, r3}
	and	r1, r3, #PSR_MODE_MASK
	cmp	r1, #PSR_MODE_USR
	beq	from_user
	str	r0, [sp, #TF_SP]
	str	lr, [sp, #TF_LR]
	mov	r0, sp
	mov	r1, r4
	bl	kernel_exception
	ldr	r0, [sp, #TF_PSR]
	msr	spsr_cxsf, r0
	ldmia	sp, {r0-r15}^			@ r0-r12, sp, lr, pc; CPSR = SPSR

from_user:
	add	r1, sp, #TF_SP
	stmia	r1, {sp, lr}^			@ SP_usr, LR_usr
	mov	r0, sp				@ (no banked register right after stm ^)
	mov	r1, r4
	ldr	r2, =armv5_cpu
	ldr	r2, [r2]
	ldr	sp, [r2, #CPU_STACK_TOP]
	cmp	r4, #0x08
	beq	syscall
	bl	user_exception
	b	sched_arch_enter_user

/*
 * A system call, r2 = this core's struct cpu, r7 still the thread's (the
 * call number): SYS_CALL and SYS_REPLY_RECV to the IPC fast path when it is
 * on (the numbers in cpu->arch.fastpath_sys, set at boot), all others to
 * syscall_entry(), as on ARMv7. Each returns the registers to resume.
 */
syscall:
	mov	r0, r2
	ldr	r3, [r2, #CPU_FASTPATH_SYS]
	ldr	r12, [r2, #(CPU_FASTPATH_SYS + 4)]
	adr	lr, sched_arch_enter_user	@ where each returns
	cmp	r7, r3
	beq	fastpath_call
	cmp	r7, r12
	beq	fastpath_reply_recv
	b	syscall_entry

/* Resume user registers at r0; SP_svc is left just past them. */
	.globl	sched_arch_enter_user
sched_arch_enter_user:
	mov	sp, r0
	ldr	r1, [sp, #TF_PSR]
	msr	spsr_cxsf, r1
	add	r1, sp, #TF_SP
	ldmia	r1, {sp, lr}^			@ SP_usr, LR_usr
	nop
	ldr	lr, [sp, #TF_PC]
	ldmia	sp, {r0-r12}
	add	sp, sp, #TF_SIZE
	movs	pc, lr

/*
 * SP_svc is in the guard below a kernel stack (kernel_stacks is aligned to
 * twice the stack size, each [guard][stack], so bit CONFIG_STACK_SHIFT of SP
 * is 0 exactly in a guard): pushing a frame would fault again. Report on
 * the top of the stack (its outer frames are dead) and halt.
 */
stack_overflow:
	ldr	r1, =armv5_cpu
	ldr	r1, [r1]
	ldr	sp, [r1, #CPU_STACK_TOP]
	ldr	r0, [r0, #4]			@ the faulting pc
	bl	kernel_stack_overflow		@ does not return

/*
 * What a vector saves before it moves to SVC (vectors.S): r0, the return
 * address and SPSR, the vector. Masked IRQs keep each in use by one at a time.
 */
	.data
	.align	3
vector_scratch_irq:
	.space	16
vector_scratch_abt:
	.space	16
vector_scratch_und:
	.space	16
