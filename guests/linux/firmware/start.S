/* SPDX-License-Identifier: MIT */
/*
 * The firmware's entry, every core's, from reset in Secure SVC with the
 * MMU off; the way out to the Non-secure world; the Monitor vectors that
 * take Linux's SMCs (PSCI) to fw_smc().
 */
#include <arch/psr.h>

#include "firmware.h"

#define SCR_NS	  (1 << 0)
#define SCR_FW	  (1 << 4) /* the Non-secure world may mask FIQs */
#define SCR_AW	  (1 << 5) /* ... and asynchronous aborts */
#define SCTLR_M	  (1 << 0)
#define SCTLR_C	  (1 << 2)
#define SCTLR_I	  (1 << 12)

	.syntax unified
	.arm
	.section .text.start, "ax"

	.globl	_start
_start:
	mrc	p15, 0, r4, c0, c0, 5		@ MPIDR
	and	r4, r4, #FW_MPIDR_AFF0
	cmp	r4, #FW_MAX_CPUS
	bhs	fw_hang
	ldr	r0, =hang_vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR (Secure)
	ldr	r0, =monitor_vectors
	mcr	p15, 0, r0, c12, c0, 1		@ MVBAR
	isb
	cps	#PSR_MODE_MON
	ldr	sp, =mon_stacks_end
	sub	sp, sp, r4, lsl #FW_STACK_SHIFT
	cps	#PSR_MODE_SVC
	ldr	sp, =svc_stacks_end
	sub	sp, sp, r4, lsl #FW_STACK_SHIFT
	mov	r0, r4
	b	fw_main

/* r0 = pc, r1 = cpsr, r2 = the new r0, r3 = the new r2 (firmware.h). */
	.globl	fw_enter_nonsecure
fw_enter_nonsecure:
	cps	#PSR_MODE_MON
	mrc	p15, 0, r12, c0, c0, 5		@ MPIDR: this core's Monitor stack
	and	r12, r12, #FW_MPIDR_AFF0
	ldr	sp, =mon_stacks_end
	sub	sp, sp, r12, lsl #FW_STACK_SHIFT
	mov	r12, #(SCR_NS | SCR_FW | SCR_AW)
	mcr	p15, 0, r12, c1, c1, 0		@ SCR: CP15 now means the Non-secure copies
	isb
	/* MMU and caches off, as at reset (a core may come back after CPU_OFF). */
	mrc	p15, 0, r12, c1, c0, 0		@ SCTLR (Non-secure)
	bic	r12, r12, #(SCTLR_M | SCTLR_C)
	bic	r12, r12, #SCTLR_I
	mcr	p15, 0, r12, c1, c0, 0
	isb
	msr	spsr_cxsf, r1
	mov	lr, r0
	mov	r0, r2
	mvn	r1, #0
	mov	r2, r3
	movs	pc, lr

/*
 * Monitor mode. An SMC arrives with SCR.NS still set; fw_smc() gets r0-r3
 * and returns r0. Every other register is the caller's again on return.
 */
	.align	5
monitor_vectors:
	b	fw_hang				@ (reset: unused)
	b	fw_hang				@ undefined instruction
	b	monitor_smc			@ secure monitor call
	b	fw_hang				@ prefetch abort
	b	fw_hang				@ data abort
	b	fw_hang				@ (unused)
	b	fw_hang				@ IRQ (SCR.IRQ is clear: never here)
	b	fw_hang				@ FIQ (SCR.FIQ is clear: never here)

monitor_smc:
	push	{r1-r12, lr}
	bl	fw_smc
	pop	{r1-r12, lr}
	movs	pc, lr

/* Secure vectors: the firmware takes no exception of its own. */
	.align	5
hang_vectors:
	.rept	8
	b	fw_hang
	.endr

fw_hang:
	wfi
	b	fw_hang

	.bss
	.align	3
svc_stacks:
	.space	FW_MAX_CPUS * FW_STACK_SIZE
svc_stacks_end:
mon_stacks:
	.space	FW_MAX_CPUS * FW_STACK_SIZE
mon_stacks_end:
