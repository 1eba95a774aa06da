/* SPDX-License-Identifier: MIT */
/*
 * HYP vector table. Every entry saves a struct trap_frame on the HYP stack
 * (8-byte aligned, as the AAPCS wants, whatever the interrupted SP was)
 * and calls hyp_exception(frame, vector offset); if that returns, the frame
 * is restored (the handler may have changed it) and we return with ERET.
 */
#include <asm-offsets.h>

	.syntax unified
	.arm
	.text

.macro	vector_entry name, offset
\name:
	sub	sp, sp, #TF_SIZE
	tst	sp, #4				@ Z: the frame is 8-aligned
	subne	sp, sp, #4			@ (the flags survive the stm)
	stmia	sp, {r0-r12}
	addeq	r0, sp, #TF_SIZE
	addne	r0, sp, #(TF_SIZE + 4)
	str	r0, [sp, #TF_SP]		@ SP before the exception
	str	lr, [sp, #TF_LR]
	mrs	r0, ELR_hyp
	str	r0, [sp, #TF_PC]
	mrs	r0, spsr
	str	r0, [sp, #TF_PSR]
	mov	r0, sp
	mov	r1, #\offset
	bl	hyp_exception
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
	vector_entry vec_dabt, 0x10
	vector_entry vec_trap, 0x14
	vector_entry vec_irq, 0x18
	vector_entry vec_fiq, 0x1c

exception_return:
	ldr	r0, [sp, #TF_PC]
	msr	ELR_hyp, r0
	ldr	r0, [sp, #TF_PSR]
	msr	spsr_cxsf, r0
	ldr	lr, [sp, #TF_LR]
	ldmia	sp, {r0-r12}
	ldr	sp, [sp, #TF_SP]
	eret
