/* SPDX-License-Identifier: MIT */
/*
 * Moving a guest's banked registers and VFP/NEON state between the
 * hardware and struct arch_vcpu (arch/vcpu.h), which lays them out in the
 * order used here. HYP reaches the other modes' banked registers with the
 * virtualization extensions' MRS/MSR (banked register) forms.
 */
	.syntax unified
	.arm
	.fpu	neon-vfpv4
	.text

/* void vcpu_banked_save(struct vcpu_banked *b) */
	.globl	vcpu_banked_save
vcpu_banked_save:
	mrs	r1, SP_svc
	mrs	r2, LR_svc
	mrs	r3, SPSR_svc
	stmia	r0!, {r1-r3}
	mrs	r1, SP_abt
	mrs	r2, LR_abt
	mrs	r3, SPSR_abt
	stmia	r0!, {r1-r3}
	mrs	r1, SP_und
	mrs	r2, LR_und
	mrs	r3, SPSR_und
	stmia	r0!, {r1-r3}
	mrs	r1, SP_irq
	mrs	r2, LR_irq
	mrs	r3, SPSR_irq
	stmia	r0!, {r1-r3}
	mrs	r1, r8_fiq
	mrs	r2, r9_fiq
	mrs	r3, r10_fiq
	mrs	r12, r11_fiq
	stmia	r0!, {r1-r3, r12}
	mrs	r1, r12_fiq
	mrs	r2, SP_fiq
	mrs	r3, LR_fiq
	mrs	r12, SPSR_fiq
	stmia	r0!, {r1-r3, r12}
	bx	lr

/* void vcpu_banked_load(const struct vcpu_banked *b) */
	.globl	vcpu_banked_load
vcpu_banked_load:
	ldmia	r0!, {r1-r3}
	msr	SP_svc, r1
	msr	LR_svc, r2
	msr	SPSR_svc, r3
	ldmia	r0!, {r1-r3}
	msr	SP_abt, r1
	msr	LR_abt, r2
	msr	SPSR_abt, r3
	ldmia	r0!, {r1-r3}
	msr	SP_und, r1
	msr	LR_und, r2
	msr	SPSR_und, r3
	ldmia	r0!, {r1-r3}
	msr	SP_irq, r1
	msr	LR_irq, r2
	msr	SPSR_irq, r3
	ldmia	r0!, {r1-r3, r12}
	msr	r8_fiq, r1
	msr	r9_fiq, r2
	msr	r10_fiq, r3
	msr	r11_fiq, r12
	ldmia	r0!, {r1-r3, r12}
	msr	r12_fiq, r1
	msr	SP_fiq, r2
	msr	LR_fiq, r3
	msr	SPSR_fiq, r12
	bx	lr

/*
 * uint32_t vcpu_vfp_enable(void): let HYP use the VFP (FPEXC.EN); returns
 * FPEXC as it was, which belongs to the VFP's owner. HCPTR must not trap.
 */
	.globl	vcpu_vfp_enable
vcpu_vfp_enable:
	vmrs	r0, fpexc
	orr	r1, r0, #(1 << 30)
	vmsr	fpexc, r1
	isb
	bx	lr

/* void vcpu_vfp_save(struct vcpu_vfp *f): d0-d31 and FPSCR (FPEXC: the caller). */
	.globl	vcpu_vfp_save
vcpu_vfp_save:
	vstmia	r0!, {d0-d15}
	vstmia	r0!, {d16-d31}
	vmrs	r1, fpscr
	str	r1, [r0]
	bx	lr

/* void vcpu_vfp_load(const struct vcpu_vfp *f): d0-d31, FPSCR, then its FPEXC. */
	.globl	vcpu_vfp_load
vcpu_vfp_load:
	vldmia	r0!, {d0-d15}
	vldmia	r0!, {d16-d31}
	ldmia	r0, {r1, r2}
	vmsr	fpscr, r1
	vmsr	fpexc, r2
	bx	lr
