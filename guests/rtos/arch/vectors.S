/* SPDX-License-Identifier: MIT */
/*
 * Exception vectors and context switching. Tasks run in SVC; every
 * exception saves a frame on the SVC stack of whatever ran:
 *   r0-r12, lr, pc, cpsr   (16 words, lowest address first)
 * which is also the frame a task waits in. A switch is a change of stack
 * pointer between two frames; rfe resumes one.
 */
#include <arch/layout.h>

	.arm
	.text

.macro save_frame lr_adjust
	sub	lr, lr, #\lr_adjust
	srsdb	sp!, #MODE_SVC
	cps	#MODE_SVC
	stmdb	sp!, {r0-r12, lr}
.endm

/* Call C with the frame in r4 and an 8-byte aligned stack; resume the frame it returns. */
.macro call_and_resume fn
	mov	r4, sp
	bic	sp, sp, #7
	bl	\fn
	mov	sp, r0
	ldmia	sp!, {r0-r12, lr}
	rfeia	sp!
.endm

	.align	5
	.global	vectors
vectors:
	b	.			/* reset: not taken */
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	.			/* unused */
	b	vec_irq
	b	vec_fiq

vec_irq:
	save_frame 4
	/* The handler's entry stamp, four instructions after the vector (r0:r1). */
	mrrc	p15, 1, r0, r1, c14	/* CNTVCT */
	mov	r2, sp
	call_and_resume arch_irq

.macro exception name, kind, lr_adjust
\name:
	save_frame \lr_adjust
	mov	r0, #\kind
	mov	r1, sp
	call_and_resume arch_exception
.endm

	exception vec_undef, EXC_UNDEF, 4
	exception vec_svc, EXC_SVC, 4
	exception vec_pabt, EXC_PABT, 4
	exception vec_dabt, EXC_DABT, 8
	exception vec_fiq, EXC_FIQ, 4

/* void arch_switch(void **save, void *load): in SVC, interrupts masked. */
	.global	arch_switch
arch_switch:
	mrs	r2, cpsr
	sub	sp, sp, #8
	str	lr, [sp]		/* pc: back to the caller */
	str	r2, [sp, #4]		/* cpsr */
	stmdb	sp!, {r0-r12, lr}
	str	sp, [r0]
	mov	sp, r1
	ldmia	sp!, {r0-r12, lr}
	rfeia	sp!

/* void arch_start(void *load) */
	.global	arch_start
arch_start:
	mov	sp, r0
	ldmia	sp!, {r0-r12, lr}
	rfeia	sp!
