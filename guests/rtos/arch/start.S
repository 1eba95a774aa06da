/* SPDX-License-Identifier: MIT */
/*
 * The RTOS's entry, position independent: entered like a Linux zImage
 * (r0 = 0, r1 = machine type or ~0, r2 = device tree or anything, MMU and
 * data cache off) in SVC or HYP at any physical address. It drops HYP to
 * SVC, moves itself up to the next MiB boundary if it is not on one, maps
 * its link address onto where it is with 1 MiB sections (plus the section
 * it runs in, for the switch), turns the MMU and caches on and continues at
 * its link address: stacks, .bss, vectors, then rtos_boot() in C.
 */
#include <arch/layout.h>

	.arch_extension virt
	.arm
	.section .text.start, "ax"
	.global _start
_start:
	mov	r8, r0			/* the boot registers, for rtos_boot() */
	mov	r9, r1
	mov	r10, r2
	mrs	r0, cpsr
	and	r0, r0, #MODE_MASK
	cmp	r0, #MODE_HYP
	bne	in_pl1
	/* HYP: the virtual counter reads the physical one; continue in SVC. */
	mov	r0, #0
	mcrr	p15, 4, r0, r0, c14	/* CNTVOFF */
	mov	r0, #(MODE_SVC | PSR_A | PSR_I | PSR_F)
	msr	spsr_hyp, r0
	adr	r0, in_pl1
	msr	elr_hyp, r0
	eret
in_pl1:
	cpsid	aif, #MODE_SVC
	adr	r4, _start
	ldr	r5, =(SECTION_SIZE - 1)
	tst	r4, r5
	beq	on_boundary
	/* Copy the image up to the next MiB (overlapping: from its end down). */
	add	r6, r4, r5
	bic	r6, r6, r5
	ldr	r7, =__image_size
	add	r0, r4, r7
	add	r1, r6, r7
1:	ldmdb	r0!, {r2, r3, r11, r12}
	stmdb	r1!, {r2, r3, r11, r12}
	cmp	r0, r4
	bhi	1b
	mov	r0, #0
	mcr	p15, 0, r0, c7, c5, 0	/* ICIALLU: the copy is code */
	dsb
	isb
	adr	r0, on_boundary
	sub	r0, r0, r4
	add	r0, r0, r6
	bx	r0
on_boundary:
	adr	r11, _start		/* the load address, MiB aligned */
	ldr	r5, =__pgtable_offset
	add	r5, r11, r5
	bl	build_boot_table
	bl	mmu_on
	ldr	pc, =at_link_address

/* r5: the table; r11: the load address. Clobbers r0-r3. */
build_boot_table:
	mov	r0, r5
	add	r1, r5, #0x4000
	mov	r2, #0
	mov	r3, #0
1:	stmia	r0!, {r2, r3}
	cmp	r0, r1
	blo	1b
	ldr	r0, =SECT_NORMAL
	orr	r1, r11, r0
	str	r1, [r5, r11, lsr #18]	/* the section we run in, at itself */
	ldr	r2, =RTOS_LINK_BASE
	add	r2, r5, r2, lsr #18
	mov	r3, #BOOT_MAP_MB
2:	str	r1, [r2], #4		/* RTOS_LINK_BASE + n MiB -> load + n MiB */
	add	r1, r1, #SECTION_SIZE
	subs	r3, r3, #1
	bne	2b
	bx	lr

/* r5: the table. Clobbers r0. */
mmu_on:
	orr	r0, r5, #TTBR_WBWA
	mcr	p15, 0, r0, c2, c0, 0	/* TTBR0 */
	mov	r0, #0
	mcr	p15, 0, r0, c2, c0, 2	/* TTBCR: TTBR0 only, short descriptors */
	ldr	r0, =0x55555555
	mcr	p15, 0, r0, c3, c0, 0	/* DACR: every domain a client */
	mov	r0, #0
	mcr	p15, 0, r0, c8, c7, 0	/* TLBIALL */
	mcr	p15, 0, r0, c7, c5, 0	/* ICIALLU */
	mcr	p15, 0, r0, c7, c5, 6	/* BPIALL */
	dsb
	isb
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_A
	bic	r0, r0, #SCTLR_V
	orr	r0, r0, #(SCTLR_M | SCTLR_C)
	orr	r0, r0, #(SCTLR_I | SCTLR_Z)
	mcr	p15, 0, r0, c1, c0, 0
	isb
	bx	lr

at_link_address:
	ldr	sp, =boot_stack_top
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	ldr	r0, =vectors
	mcr	p15, 0, r0, c12, c0, 0	/* VBAR */
	isb
	mov	r0, r8
	mov	r1, r9
	mov	r2, r10
	mov	r3, r11
	b	rtos_boot

	.bss
	.align	3
	.space	2048
boot_stack_top:
