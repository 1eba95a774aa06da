/* SPDX-License-Identifier: MIT */
/*
 * The guests of the VCPU suite (tests_vcpu.c): A32 machine code written by
 * hand, each word with its assembly and offset, loaded at GUEST_IPA. Only
 * tests_vcpu.c includes this file.
 */
#pragma once

/* r0-r3 set, hvc; r0 (as the reply set it) stored, hvc again. */
static const unsigned int hvc_prog[] = {
	0xe3a00001, /* 0x00 mov r0, #1 */
	0xe3a01002, /* 0x04 mov r1, #2 */
	0xe3a02003, /* 0x08 mov r2, #3 */
	0xe30b3eef, /* 0x0c movw r3, #0xbeef */
	0xe1400472, /* 0x10 hvc #0x42 */
	0xe3001800, /* 0x14 movw r1, #0x800 */
	0xe3441000, /* 0x18 movt r1, #0x4000 */
	0xe5810000, /* 0x1c str r0, [r1] */
	0xe1400071, /* 0x20 hvc #1 */
	0xeafffffe, /* 0x24 b . */
};

/* Registers the VMM wrote: r0-r3 at the first hvc, sp and lr stored, r0 at the third. */
static const unsigned int regs_prog[] = {
	0xe1400070, /* 0x00 hvc #0 */
	0xe3001800, /* 0x04 movw r1, #0x800 */
	0xe3441000, /* 0x08 movt r1, #0x4000 */
	0xe581d000, /* 0x0c str sp, [r1] */
	0xe581e004, /* 0x10 str lr, [r1, #4] */
	0xe1400071, /* 0x14 hvc #1 */
	0xe1400072, /* 0x18 hvc #2 */
	0xeafffffe, /* 0x1c b . */
};

/* Loads and stores of each size at MMIO_IPA; what the loads got stored in RAM. */
static const unsigned int mmio_prog[] = {
	0xe3001000, /* 0x00 movw r1, #0 */
	0xe3451000, /* 0x04 movt r1, #0x5000 */
	0xe5d12001, /* 0x08 ldrb r2, [r1, #1] */
	0xe1d130b2, /* 0x0c ldrh r3, [r1, #2] */
	0xe5914004, /* 0x10 ldr r4, [r1, #4] */
	0xe3055678, /* 0x14 movw r5, #0x5678 */
	0xe3415234, /* 0x18 movt r5, #0x1234 */
	0xe5815008, /* 0x1c str r5, [r1, #8] */
	0xe1c150bc, /* 0x20 strh r5, [r1, #12] */
	0xe5c1500e, /* 0x24 strb r5, [r1, #14] */
	0xe1d160df, /* 0x28 ldrsb r6, [r1, #15] */
	0xe3008800, /* 0x2c movw r8, #0x800 */
	0xe3448000, /* 0x30 movt r8, #0x4000 */
	0xe5882000, /* 0x34 str r2, [r8] */
	0xe5883004, /* 0x38 str r3, [r8, #4] */
	0xe5884008, /* 0x3c str r4, [r8, #8] */
	0xe588600c, /* 0x40 str r6, [r8, #12] */
	0xe1400070, /* 0x44 hvc #0 */
	0xeafffffe, /* 0x48 b . */
};

/* An SMC, then ACTLR read and written (trapped by HCR.TAC). */
static const unsigned int trap_prog[] = {
	0xe3a00005, /* 0x00 mov r0, #5 */
	0xe3a01006, /* 0x04 mov r1, #6 */
	0xe1600070, /* 0x08 smc #0 */
	0xee110f30, /* 0x0c mrc p15, 0, r0, c1, c0, 1 */
	0xe3011357, /* 0x10 movw r1, #0x1357 */
	0xee011f30, /* 0x14 mcr p15, 0, r1, c1, c0, 1 */
	0xe1400070, /* 0x18 hvc #0 */
	0xeafffffe, /* 0x1c b . */
};

static const unsigned int wfi_prog[] = {
	0xe320f003, /* 0x00 wfi */
	0xe1400070, /* 0x04 hvc #0 */
	0xe320f003, /* 0x08 wfi */
	0xe1400071, /* 0x0c hvc #1 */
	0xeafffffe, /* 0x10 b . */
};

/*
 * Its timer armed a microsecond on (within the kernel's wake lead), then
 * WFI if it has not fired yet: the test and the WFI are in one translated
 * block, so under QEMU no interrupt comes between them; if it fired
 * first, again. Then hvc #0.
 */
static const unsigned int wfi_timer_prog[] = {
	0xec510f1e, /* 0x00 mrrc p15, 1, r0, r1, c14	CNTVCT */
	0xe2900040, /* 0x04 adds r0, r0, #64		64 ticks of 16 ns on */
	0xe2a11000, /* 0x08 adc r1, r1, #0 */
	0xec410f3e, /* 0x0c mcrr p15, 3, r0, r1, c14	CNTV_CVAL */
	0xe3a02001, /* 0x10 mov r2, #1 */
	0xee0e2f33, /* 0x14 mcr p15, 0, r2, c14, c3, 1	CNTV_CTL: enabled, unmasked */
	0xf57ff06f, /* 0x18 isb */
	0xee1e3f33, /* 0x1c mrc p15, 0, r3, c14, c3, 1	CNTV_CTL */
	0xe3130004, /* 0x20 tst r3, #4			ISTATUS: fired already? */
	0x0320f003, /* 0x24 wfieq */
	0x1afffff4, /* 0x28 bne 0x00 */
	0xe1400070, /* 0x2c hvc #0 */
	0xeafffffe, /* 0x30 b . */
};

/* Each hvc #1 shows the mode the guest runs in, after the reply to the one before. */
static const unsigned int mode_prog[] = {
	0xe1400070, /* 0x00 hvc #0 */
	0xe10f0000, /* 0x04 mrs r0, cpsr */
	0xe1400071, /* 0x08 hvc #1 */
	0xeafffffc, /* 0x0c b 0x04 */
};

/* Aborts with nothing to emulate: a doubleword load (no syndrome), a jump out of RAM. */
static const unsigned int abort_prog[] = {
	0xe3002000, /* 0x00 movw r2, #0 */
	0xe3452000, /* 0x04 movt r2, #0x5000 */
	0xe1c200d0, /* 0x08 ldrd r0, r1, [r2] */
	0xe3003000, /* 0x0c movw r3, #0 */
	0xe3463000, /* 0x10 movt r3, #0x6000 */
	0xe12fff13, /* 0x14 bx r3 */
};
