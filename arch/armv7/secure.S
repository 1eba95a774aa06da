/* SPDX-License-Identifier: MIT */
/*
 * The boot shim's secure half: from Secure SVC to Non-secure HYP, per core.
 *
 * It plays the part firmware plays on real boards: hands every interrupt
 * to the Non-secure world (GIC group 1), lets the Non-secure world use the
 * FPU, then takes an SMC into Monitor mode, sets SCR (NS, HCE) and returns
 * in HYP. A machine without the Security or Virtualization Extensions makes
 * one of the steps UNDEFINED (QEMU's ID registers claim both either way);
 * the probe vectors catch that and report it in boot_no_virt().
 */
#include <arch/psr.h>
#include <board.h>

#define SCR_NS (1 << 0)
#define SCR_FW (1 << 4)
#define SCR_AW (1 << 5)
#define SCR_HCE (1 << 8)
#define SCTLR_V (1 << 13)
#define NSACR_CP10_CP11 (3 << 10)
#define ACTLR_SMP (1 << 6)
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IGROUPR 0x080
#define GICC_PMR 0x004

	.syntax unified
	.arm
	.section .text.entry, "ax"

/*
 * Called with bl from entry.S with r5 = core number. Returns in HYP, where
 * lr is a different (User) register: the return address lives in r6.
 * Clobbers r0-r3, r6.
 */
	.globl	secure_to_hyp
secure_to_hyp:
	mov	r6, lr
	ldr	r0, =probe_vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR (Secure)
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_V		@ vectors at VBAR
	mcr	p15, 0, r0, c1, c0, 0
	isb
	ldr	r0, =monitor_vectors
	mcr	p15, 0, r0, c12, c0, 1		@ MVBAR: UNDEFINED without EL3
	isb
	bl	gic_to_nonsecure
	mrc	p15, 0, r0, c1, c1, 2		@ NSACR: Non-secure FPU access
	orr	r0, r0, #NSACR_CP10_CP11
	mcr	p15, 0, r0, c1, c1, 2
	mrc	p15, 0, r0, c1, c0, 1		@ ACTLR: join coherency
	orr	r0, r0, #ACTLR_SMP
	mcr	p15, 0, r0, c1, c0, 1
	isb
	smc	#0
	bx	r6				@ now in Non-secure HYP

/*
 * Put every interrupt in group 1 (Non-secure). IGROUPR0 (SGIs, PPIs) and
 * the CPU interface are banked per core; the boot core also does the
 * shared SPIs and enables both groups in the distributor. The Secure PMR
 * must leave the Non-secure half open: while it is below 0x80 the GIC
 * ignores Non-secure writes to the PMR and every interrupt stays masked.
 */
gic_to_nonsecure:
	ldr	r0, =BOARD_GICC_BASE
	mov	r1, #0xff
	str	r1, [r0, #GICC_PMR]
	ldr	r0, =BOARD_GICD_BASE
	mvn	r1, #0
	str	r1, [r0, #GICD_IGROUPR]
	cmp	r5, #0
	bxne	lr
	ldr	r2, [r0, #GICD_TYPER]
	and	r2, r2, #0x1f			@ ITLinesNumber: (n + 1) * 32 IDs
	add	r3, r0, #GICD_IGROUPR
1:	subs	r2, r2, #1
	bxmi	lr				@ (no SPIs at all)
	str	r1, [r3, #4]!
	bne	1b
	mov	r1, #3				@ EnableGrp0 | EnableGrp1
	str	r1, [r0, #GICD_CTLR]
	bx	lr

/*
 * Monitor mode: the SMC lands here. Switch to the Non-secure world with
 * HVC enabled and return to HYP. Reading HCR with SCR.NS set is UNDEFINED
 * without the Virtualization Extensions; so is the return to HYP mode.
 */
	.align	5
monitor_vectors:
	b	.				@ reset (unused)
	b	.				@ undefined instruction
	b	monitor_smc			@ secure monitor call
	b	.				@ prefetch abort
	b	.				@ data abort
	b	.				@ (unused)
	b	.				@ IRQ
	b	.				@ FIQ

monitor_smc:
	mov	r0, #(SCR_NS | SCR_FW | SCR_AW | SCR_HCE)
	mcr	p15, 0, r0, c1, c1, 0		@ SCR
	isb
	mrc	p15, 4, r0, c1, c1, 0		@ HCR: probe for HYP
	mov	r0, #(PSR_MODE_HYP | PSR_A | PSR_I | PSR_F)
	msr	spsr_cxsf, r0
	movs	pc, lr

/* Secure vectors while probing: anything taken means no way into HYP. */
	.align	5
probe_vectors:
	.rept	8
	b	probe_failed
	.endr

probe_failed:
	bl	set_stack
	cmp	r5, #0
	bne	park
	mrc	p15, 0, r0, c0, c0, 0		@ MIDR, for the message
	bl	boot_no_virt
	b	park
