/* SPDX-License-Identifier: MIT */
/*
 * ARMv7 part of a VCPU: everything of a guest that the hardware keeps
 * outside the trap frame. r0-r12, SP_usr, LR_usr, pc and CPSR are in the
 * thread's trap frame like any thread's; the rest is here while the VCPU
 * is not loaded on its core, and in the registers while it is (loading is
 * lazy: a core keeps the last VCPU that ran there loaded while native
 * threads run, since they can see none of it).
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct thread;
struct vcpu;

/* SCTLR of a guest at reset (Cortex-A15): MMU, caches and alignment checks off. */
#define VCPU_SCTLR_RESET 0x00c50078u

/* Banked registers of the guest's modes, in the order vcpu_arch.S moves them. */
struct vcpu_banked {
	uint32_t sp_svc, lr_svc, spsr_svc;
	uint32_t sp_abt, lr_abt, spsr_abt;
	uint32_t sp_und, lr_und, spsr_und;
	uint32_t sp_irq, lr_irq, spsr_irq;
	uint32_t r8_fiq, r9_fiq, r10_fiq, r11_fiq, r12_fiq, sp_fiq, lr_fiq, spsr_fiq;
};

/* CP15 registers a guest owns (PL1 state), and the per-VCPU HYP views of it. */
struct vcpu_cp15 {
	uint64_t ttbr0, ttbr1, par;
	uint32_t sctlr, cpacr, ttbcr, dacr;
	uint32_t dfsr, ifsr, adfsr, aifsr, dfar, ifar;
	uint32_t prrr, nmrr, amair0, amair1;
	uint32_t vbar, contextidr, tpidrurw, tpidruro, tpidrprw;
	uint32_t csselr, cntkctl, vmpidr;
};

/* The generic timer's virtual side. CNTVOFF is 0 for every guest (docs/vmm.md). */
struct vcpu_timer {
	uint64_t cval;
	uint32_t ctl;
};

/* Virtual IDs 0..15 are the guest's SGIs: its inter-core interrupts, with a sender. */
#define VIRQ_IPI_COUNT 16

#define VGIC_MAX_LRS 4 /* list registers saved; GICH_VTR says how many exist */

/* The GIC virtual interface control state. */
struct vcpu_vgic {
	uint32_t hcr, vmcr, apr;
	uint32_t lr[VGIC_MAX_LRS];
};

/* VFP/NEON: switched lazily, on the guest's first use after another owner's. */
struct vcpu_vfp {
	uint64_t d[32];
	uint32_t fpscr, fpexc;
};

struct arch_vcpu {
	struct vcpu_banked banked;
	struct vcpu_cp15 cp15;
	struct vcpu_timer timer;
	struct vcpu_vgic vgic;
	struct vcpu_vfp vfp __aligned(8);
	uint32_t hsr; /* syndrome of the last exit: how long the trapped instruction was */
};

/* Used by the armv7 VCPU code only (vcpu.c, vcpu_trap.c, vgic.c): */

/** vcpu_arch_get_reg() - guest register @reg (VCPU_REG_*, not CPSR) of @t, homed here. */
uint32_t vcpu_arch_get_reg(struct thread *t, unsigned int reg);

/** vcpu_arch_condition_passed() - whether @t's instruction trapped with @hsr passes its condition. */
bool vcpu_arch_condition_passed(const struct thread *t, uint32_t hsr);

/** vcpu_arch_vfp_switch() - give the VFP to @v (loaded here), saving its last owner's. */
void vcpu_arch_vfp_switch(struct vcpu *v);
