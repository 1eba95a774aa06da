/* SPDX-License-Identifier: MIT */
/*
 * Reset entry. QEMU starts every core here at once (Secure SVC, MMU off).
 * Each core takes itself to Non-secure HYP (secure.S), then the boot core
 * (MPIDR Aff0 = 0) clears BSS and runs kernel_main(); the others wait in the
 * holding pen until smp_arch_release() lets them into secondary_main().
 *
 * Register use before C: r5 = logical core number (MPIDR Aff0), kept by
 * every routine here; r4 = MPIDR.
 */
#include <arch/psr.h>
#include <config.h>

	.syntax unified
	.arm
	.section .text.entry, "ax"

	.globl	_start
_start:
	cpsid	aif
	mrc	p15, 0, r4, c0, c0, 5		@ MPIDR
	ubfx	r5, r4, #8, #16			@ Aff1, Aff2: one cluster only
	cmp	r5, #0
	bne	park
	and	r5, r4, #0xff			@ Aff0: the logical core number
	cmp	r5, #CONFIG_MAX_CPUS
	bhs	park

	mrs	r0, cpsr
	and	r0, r0, #PSR_MODE_MASK
	cmp	r0, #PSR_MODE_HYP		@ firmware already entered HYP?
	blne	secure_to_hyp			@ returns in Non-secure HYP

	bl	set_stack			@ SP_hyp is its own banked register
	ldr	r0, =hyp_vectors
	mcr	p15, 4, r0, c12, c0, 0		@ HVBAR
	isb
	cmp	r5, #0
	bne	pen

	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	bl	kernel_main
	b	park

/*
 * Holding pen. smp_release is in .data, so clearing BSS cannot race with
 * us; the boot core cleans it to memory (we run with caches off) and SEVs.
 */
pen:
	ldr	r1, =smp_release
2:	wfe
	ldr	r0, [r1]
	cmp	r0, #0
	beq	2b
	mov	r0, r5
	bl	secondary_main

	.globl	park
park:
	cpsid	aif
3:	wfi
	b	3b

/* sp = top of kernel_stacks[r5].stack (each a guard and a stack: 2 << SHIFT); clobbers r0. */
	.globl	set_stack
set_stack:
	ldr	sp, =kernel_stacks
	add	r0, r5, #1
	add	sp, sp, r0, lsl #(CONFIG_STACK_SHIFT + 1)
	bx	lr

	.data
	.align	2
	.globl	smp_release
smp_release:
	.word	0
