/* SPDX-License-Identifier: MIT */
/*
 * Reset entry. QEMU starts the one core here in SVC, MMU off. SVC gets
 * the kernel stack (the other modes' vectors set their own SP: vectors.S),
 * BSS is cleared and kernel_main() runs.
 */
#include <arch/psr.h>
#include <config.h>

	.syntax unified
	.arm
	.section .text.entry, "ax"

	.globl	_start
_start:
	msr	cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)
	ldr	sp, =kernel_stacks
	add	sp, sp, #(2 << CONFIG_STACK_SHIFT)	@ past core 0's guard and stack

	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	bl	kernel_main
	.globl	park
park:
	mcr	p15, 0, r0, c7, c0, 4			@ wait for interrupt
	b	park

