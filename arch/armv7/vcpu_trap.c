// SPDX-License-Identifier: MIT
/*
 * Guest exits on ARMv7, dispatched by exception class. The kernel handles
 * WFI/WFE, GICD_SGIR writes and VFP hand-over itself (they are frequent:
 * docs/vmm.md says why); everything else becomes an exit message to the
 * VMM with the syndrome decoded, so that it never decodes instructions.
 */
#include <board.h>
#include <sched.h>
#include <thread.h>
#include <vcpu.h>

#include <arch/sysreg.h>
#include <arch/trap.h>
#include <arch/vgic.h>
#include <uapi/cella/ipc.h>

#define GICD_SGIR 0xf00

/* Data abort ISS. */
#define DABT_ISV(iss)			  ((iss) >> 24 & 1) /* the fields below are valid */
#define DABT_SAS(iss)			  ((iss) >> 22 & 3) /* access size: 1 << SAS bytes */
#define DABT_SSE(iss)			  ((iss) >> 21 & 1) /* sign-extended load */
#define DABT_SRT(iss)			  ((iss) >> 16 & 15)
#define DABT_S1PTW(iss)			  ((iss) >> 7 & 1) /* on a stage-1 table walk */
#define DABT_WNR(iss)			  ((iss) >> 6 & 1)
#define WFX_WFE(iss)			  ((iss)&1)
#define CP_READ(iss)			  ((iss)&1)
#define CP_RT(iss)			  ((iss) >> 5 & 15)
#define CP_RT2(iss)			  ((iss) >> 10 & 15)
#define HVC_IMM(iss)			  ((iss)&0xffff)
/* MCR/MRC cp15 ISS without Rt and direction: Opc2, Opc1, CRn, CRm. */
#define CP15_OP(iss)			  ((iss)&0x000ffc1e) /* not CV, COND */
#define CP15_OP_ENC(opc1, crn, crm, opc2) ((opc2) << 17 | (opc1) << 14 | (crn) << 10 | (crm) << 1)
#define DCISW				  CP15_OP_ENC(0, 7, 6, 2)
#define DCCSW				  CP15_OP_ENC(0, 7, 10, 2)
#define DCCISW				  CP15_OP_ENC(0, 7, 14, 2)

typedef void vcpu_trap_fn(struct thread *t, uint32_t hsr);

/* The faulting IPA: page from HPFAR, offset from the virtual address. */
static uint32_t fault_ipa(uint32_t far)
{
	return sysreg_read(hpfar) << 8 | (far & 0xfff);
}

static void trap_wfx(struct thread *t, uint32_t hsr)
{
	if (WFX_WFE(HSR_ISS(hsr))) { /* a spin-wait: let another thread have the core */
		vcpu_arch_advance(t);
		sched_yield();
		return;
	}
	vcpu_wfi(t, vcpu_arch_timer_soon());
}

/* HVC's return address is past it: the exit names the HVC itself, as for the others. */
static void trap_hvc(struct thread *t, uint32_t hsr)
{
	const uint32_t *r = t->arch.ctx.r;
	uint32_t words[4] = {r[0], r[1], r[2], r[3]};

	t->arch.ctx.pc -= 4;
	vcpu_exit(t, FAULT_VCPU_HVC, HVC_IMM(HSR_ISS(hsr)), hsr, words);
}

static void trap_smc(struct thread *t, uint32_t hsr)
{
	const uint32_t *r = t->arch.ctx.r;
	uint32_t words[4] = {r[0], r[1], r[2], r[3]};

	vcpu_exit(t, FAULT_VCPU_SMC, 0, hsr, words);
}

/*
 * Data cache maintenance by set/way (HCR.TSW), thousands of them while
 * Linux boots: done here, as a clean and invalidate of the same line (an
 * invalidate alone could drop another guest's dirty data), never a VMM exit.
 */
static bool set_way(struct thread *t, uint32_t iss)
{
	uint32_t op = CP15_OP(iss);

	if (op != DCISW && op != DCCSW && op != DCCISW)
		return false;
	sysreg_write(dccisw, vcpu_arch_get_reg(t, CP_RT(iss)));
	vcpu_arch_advance(t);
	return true;
}

static void trap_cp(struct thread *t, uint32_t hsr)
{
	uint32_t iss = HSR_ISS(hsr), rt = CP_RT(iss), rt2 = CP_RT2(iss);
	uint32_t ec = HSR_EC(hsr);
	bool wide = ec == EC_CP15_64 || ec == EC_CP14_64;
	uint32_t words[4];

	if (ec == EC_CP15_32 && !CP_READ(iss) && set_way(t, iss))
		return;
	words[0] = CP_READ(iss) ? 0 : vcpu_arch_get_reg(t, rt);
	words[1] = rt;
	words[2] = wide && !CP_READ(iss) ? vcpu_arch_get_reg(t, rt2) : 0;
	words[3] = (CP_READ(iss) ? VCPU_SYSREG_READ : 0) | (wide ? VCPU_SYSREG_64BIT : 0);
	vcpu_exit(t, FAULT_VCPU_SYSREG, iss, hsr, words);
}

static void trap_vfp(struct thread *t, uint32_t hsr)
{
	vcpu_arch_vfp_switch(t->vcpu); /* and the instruction runs again */
}

static uint32_t size_mask(unsigned int bytes)
{
	return bytes == 4 ? ~0u : (1u << bytes * 8) - 1;
}

static void trap_dabt(struct thread *t, uint32_t hsr)
{
	uint32_t iss = HSR_ISS(hsr), ipa = fault_ipa(sysreg_read(hdfar));
	uint32_t words[4] = {0};

	if (!DABT_ISV(iss) || DABT_S1PTW(iss)) { /* nothing the VMM could emulate */
		vcpu_exit(t, FAULT_DATA, ipa, hsr, words);
		return;
	}
	words[1] = 1u << DABT_SAS(iss);
	words[2] = DABT_SRT(iss);
	words[3] = (DABT_WNR(iss) ? VCPU_MMIO_WRITE : 0) | (DABT_SSE(iss) ? VCPU_MMIO_SIGNED : 0);
	if (DABT_WNR(iss))
		words[0] = vcpu_arch_get_reg(t, words[2]) & size_mask(words[1]);
	/* The one distributor register SMP guests write all the time: here. */
	if (ipa == BOARD_GICD_BASE + GICD_SGIR && DABT_WNR(iss) && words[1] == 4) {
		vgic_sgir(t, words[0]);
		vcpu_arch_advance(t);
		return;
	}
	vcpu_exit(t, FAULT_VCPU_MMIO, ipa, hsr, words);
}

static void trap_pabt(struct thread *t, uint32_t hsr)
{
	uint32_t words[4] = {0};

	vcpu_exit(t, FAULT_PREFETCH, fault_ipa(sysreg_read(hifar)), hsr, words);
}

static void trap_other(struct thread *t, uint32_t hsr)
{
	uint32_t words[4] = {0};

	vcpu_exit(t, FAULT_UNDEFINED, t->arch.ctx.pc, hsr, words);
}

static vcpu_trap_fn *const traps[EC_COUNT] = {
	[EC_WFI_WFE] = trap_wfx,     [EC_HVC] = trap_hvc,    [EC_SMC] = trap_smc,
	[EC_CP15_32] = trap_cp,	     [EC_CP15_64] = trap_cp, [EC_CP14_32] = trap_cp,
	[EC_CP14_64] = trap_cp,	     [EC_HCPTR] = trap_vfp,  [EC_DABT_LOWER] = trap_dabt,
	[EC_PABT_LOWER] = trap_pabt,
};

void vcpu_arch_trap(struct thread *t, uint32_t hsr)
{
	vcpu_trap_fn *fn = traps[HSR_EC(hsr)];

	t->vcpu->arch.hsr = hsr;
	if (!vcpu_arch_condition_passed(t, hsr)) { /* it does nothing: skip it */
		vcpu_arch_advance(t);
		return;
	}
	(fn ? fn : trap_other)(t, hsr);
}
