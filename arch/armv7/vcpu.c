// SPDX-License-Identifier: MIT
/*
 * VCPU state on ARMv7: what a guest owns beyond its trap frame, and
 * switching it. Two levels, each lazy:
 * - loaded: the guest's banked registers, CP15 state, virtual timer and GIC
 *   virtual interface are in the hardware. A core keeps the last VCPU that
 *   ran on it loaded until another VCPU runs there.
 * - guest mode: HCR, the registers PL0 can read (TPIDRURW, TPIDRURO,
 *   CNTKCTL) and the virtual CPU interface are set for the loaded VCPU.
 *   A native thread needs only this level undone: stage 1 is off for it,
 *   and it can reach nothing else of the guest.
 * VFP/NEON changes hands only when a guest uses it (an HCPTR trap).
 */
#include <cpu.h>
#include <err.h>
#include <sched.h>
#include <thread.h>
#include <timer.h>
#include <vcpu.h>

#include <arch/barrier.h>
#include <arch/hcr.h>
#include <arch/psr.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK	(1u << 1)
#define MPIDR_MP	(1u << 31) /* the multiprocessing-extensions format */
/* The guest's PL0 may read the counters, as native threads may. */
#define CNTKCTL_NATIVE	0x3u

void vcpu_banked_save(struct vcpu_banked *b);
void vcpu_banked_load(const struct vcpu_banked *b);
uint32_t vcpu_vfp_enable(void);
void vcpu_vfp_save(struct vcpu_vfp *f);
void vcpu_vfp_load(const struct vcpu_vfp *f);

static struct arch_cpu *arch(void)
{
	return &this_cpu()->arch;
}

/* A guest core at reset: SVC with every interrupt masked, MMU and caches off. */
#define CPSR_RESET (PSR_MODE_SVC | PSR_A | PSR_I | PSR_F)

void vcpu_arch_init(struct thread *t, unsigned int index, unsigned int core)
{
	struct vcpu_cp15 *c = &t->vcpu->arch.cp15;

	c->sctlr = VCPU_SCTLR_RESET;
	c->vmpidr = MPIDR_MP | cpus[core].hwid;
	t->arch.ctx.psr = CPSR_RESET; /* so that SP and LR written before the start are SVC's */
}

void vcpu_arch_start(struct thread *t, uint32_t entry, uint32_t arg)
{
	struct trap_frame *f = &t->arch.ctx;

	f->r[0] = arg;
	f->pc = entry & ~1u;
	f->psr = CPSR_RESET | (entry & 1 ? PSR_T : 0);
}

static void cp15_save(struct vcpu_cp15 *c)
{
	c->cpacr = sysreg_read(cpacr);
	c->ttbr0 = sysreg_read(ttbr0);
	c->ttbr1 = sysreg_read(ttbr1);
	c->ttbcr = sysreg_read(ttbcr);
	c->dacr = sysreg_read(dacr);
	c->dfsr = sysreg_read(dfsr);
	c->ifsr = sysreg_read(ifsr);
	c->adfsr = sysreg_read(adfsr);
	c->aifsr = sysreg_read(aifsr);
	c->dfar = sysreg_read(dfar);
	c->ifar = sysreg_read(ifar);
	c->par = sysreg_read(par);
	c->prrr = sysreg_read(prrr);
	c->nmrr = sysreg_read(nmrr);
	c->amair0 = sysreg_read(amair0);
	c->amair1 = sysreg_read(amair1);
	c->vbar = sysreg_read(vbar);
	c->contextidr = sysreg_read(contextidr);
	c->tpidrprw = sysreg_read(tpidrprw);
	c->csselr = sysreg_read(csselr);
}

static void cp15_load(const struct vcpu_cp15 *c)
{
	sysreg_write(cpacr, c->cpacr);
	sysreg_write(ttbr0, c->ttbr0);
	sysreg_write(ttbr1, c->ttbr1);
	sysreg_write(ttbcr, c->ttbcr);
	sysreg_write(dacr, c->dacr);
	sysreg_write(dfsr, c->dfsr);
	sysreg_write(ifsr, c->ifsr);
	sysreg_write(adfsr, c->adfsr);
	sysreg_write(aifsr, c->aifsr);
	sysreg_write(dfar, c->dfar);
	sysreg_write(ifar, c->ifar);
	sysreg_write(par, c->par);
	sysreg_write(prrr, c->prrr);
	sysreg_write(nmrr, c->nmrr);
	sysreg_write(amair0, c->amair0);
	sysreg_write(amair1, c->amair1);
	sysreg_write(vbar, c->vbar);
	sysreg_write(contextidr, c->contextidr);
	sysreg_write(tpidrprw, c->tpidrprw);
	sysreg_write(csselr, c->csselr);
	sysreg_write(vmpidr, c->vmpidr);
}

/*
 * How long before a waiting guest's timer the scheduler wakes it: enough
 * for the wake-up and a world switch from another guest (about 800
 * instructions, docs/benchmarks.md) with room for a tick met on the way,
 * so that the guest is loaded when its timer fires and takes it as if it
 * had its core alone. Its core idles meanwhile: at most this long per wake.
 */
#define WAKE_LEAD_NS 2000

/*
 * A guest whose timer is armed keeps counting while it is not loaded: if
 * it waits for an interrupt, the scheduler wakes it a lead ahead of the
 * compare value, and it waits for it loaded (vcpu_waits_loaded()). CNTVOFF
 * is 0: virtual and physical counts are the same.
 */
STATIC_ASSERT(1000000000u % WAKE_LEAD_NS == 0, "the lead is a whole fraction of a second");

/* In counter ticks: one 32-bit division (a WFI trap and every unload ask). */
static ticks_t wake_lead(void)
{
	return timer_freq() / (1000000000u / WAKE_LEAD_NS);
}

bool vcpu_arch_timer_soon(void)
{
	uint32_t ctl = sysreg_read(cntv_ctl);

	return (ctl & (CNTV_CTL_ENABLE | CNTV_CTL_IMASK)) == CNTV_CTL_ENABLE &&
	       sysreg_read(cntv_cval) <= timer_now() + wake_lead();
}

static void timer_save(struct thread *t, struct vcpu_timer *tm)
{
	ticks_t lead = wake_lead();

	tm->ctl = sysreg_read(cntv_ctl);
	tm->cval = sysreg_read(cntv_cval);
	sysreg_write(cntv_ctl, 0);
	if (t && t->state == THREAD_BLOCKED_VIRQ &&
	    (tm->ctl & (CNTV_CTL_ENABLE | CNTV_CTL_IMASK)) == CNTV_CTL_ENABLE)
		sched_timeout(t, tm->cval > lead ? tm->cval - lead : 0);
}

static void timer_load(const struct vcpu_timer *tm)
{
	sysreg_write(cntv_cval, tm->cval);
	sysreg_write(cntv_ctl, tm->ctl);
}

/* The loaded guest's registers that a native thread would see too: into its VCPU. */
static void save_guest_only(struct arch_cpu *c)
{
	struct vcpu_cp15 *cp = &c->loaded->arch.cp15;

	cp->tpidrurw = sysreg_read(tpidrurw);
	cp->tpidruro = sysreg_read(tpidruro);
	cp->cntkctl = sysreg_read(cntkctl);
	cp->sctlr = sysreg_read(sctlr);
}

/*
 * The registers PL0 can reach go back to what a native thread may see, and
 * SCTLR to its reset value: with HCR.TGE its M bit is ignored, but alignment
 * checks, CP15 barriers and WFI/WFE traps would still apply to PL0.
 */
static void leave_guest(struct arch_cpu *c)
{
	save_guest_only(c);
	sysreg_write(sctlr, VCPU_SCTLR_RESET);
	sysreg_write(tpidruro, 0); /* TPIDRURW: the next native thread's own */
	sysreg_write(cntkctl, CNTKCTL_NATIVE);
	sysreg_write(hcr, HCR_NATIVE);
	sysreg_write(hcptr, sysreg_read(hcptr) | HCPTR_VFP);
	vgic_leave_guest(c->loaded);
	c->guest = false;
}

/* @v's registers that a native thread would see too; from a native thread, guest mode. */
static void enter_guest(struct arch_cpu *c, struct vcpu *v)
{
	const struct vcpu_cp15 *cp = &v->arch.cp15;
	uint32_t hcptr = sysreg_read(hcptr);

	sysreg_write(tpidrurw, cp->tpidrurw);
	sysreg_write(tpidruro, cp->tpidruro);
	sysreg_write(cntkctl, cp->cntkctl);
	sysreg_write(sctlr, cp->sctlr);
	if (!c->guest)
		sysreg_write(hcr, HCR_GUEST);
	sysreg_write(hcptr, c->vfp_owner == v ? hcptr & ~HCPTR_VFP : hcptr | HCPTR_VFP);
	vgic_enter_guest(v);
	c->guest = true;
}

/* The loaded VCPU's state into it; another is loaded next (vgic_save() leaves the LRs). */
static void unload(struct arch_cpu *c)
{
	struct vcpu *v = c->loaded;

	if (c->guest) /* from one guest straight to another: no native state between */
		save_guest_only(c);
	vcpu_banked_save(&v->arch.banked);
	cp15_save(&v->arch.cp15);
	timer_save(v->thread, &v->arch.timer);
	vgic_save(v);
	vcpu_account_unload(v);
	c->loaded = NULL;
}

static void load(struct arch_cpu *c, struct vcpu *v)
{
	vcpu_banked_load(&v->arch.banked);
	cp15_load(&v->arch.cp15);
	timer_load(&v->arch.timer);
	c->loaded = v;
	vcpu_account_load(v);
	vgic_load(v);
}

void vcpu_arch_switch(struct thread *next)
{
	struct arch_cpu *c = arch();
	struct vcpu *v = next->vcpu;

	if (!v) {
		if (c->guest)
			leave_guest(c);
		return;
	}
	if (c->loaded != v) {
		if (c->loaded)
			unload(c);
		load(c, v);
		enter_guest(c, v);
	} else if (!c->guest) {
		enter_guest(c, v);
	}
	isb();
}

bool vcpu_arch_is_loaded(const struct vcpu *v)
{
	return arch()->loaded == v;
}

void vcpu_arch_unload(struct vcpu *v)
{
	struct arch_cpu *c = arch();

	if (c->vfp_owner == v)
		c->vfp_owner = NULL;
	if (c->loaded != v)
		return;
	if (c->guest)
		leave_guest(c);
	sysreg_write(cntv_ctl, 0);
	vgic_clear();
	c->loaded = NULL;
}

/* The guest touched the VFP: it becomes the owner, the previous owner's state saved. */
void vcpu_arch_vfp_switch(struct vcpu *v)
{
	struct arch_cpu *c = arch();
	uint32_t fpexc;

	sysreg_write(hcptr, sysreg_read(hcptr) & ~HCPTR_VFP);
	isb();
	fpexc = vcpu_vfp_enable();
	if (c->vfp_owner) {
		vcpu_vfp_save(&c->vfp_owner->arch.vfp);
		c->vfp_owner->arch.vfp.fpexc = fpexc;
	}
	vcpu_vfp_load(&v->arch.vfp);
	c->vfp_owner = v;
}

/* Where register @reg of the guest's current mode is kept (banked copy saved first). */
static uint32_t *reg_slot(struct thread *t, unsigned int reg)
{
	struct trap_frame *f = &t->arch.ctx;
	struct vcpu_banked *b = &t->vcpu->arch.banked;

	if (reg < 13)
		return &f->r[reg];
	if (reg == VCPU_REG_PC)
		return &f->pc;
	switch (f->psr & PSR_MODE_MASK) {
	case PSR_MODE_SVC:
		return reg == VCPU_REG_SP ? &b->sp_svc : &b->lr_svc;
	case PSR_MODE_ABT:
		return reg == VCPU_REG_SP ? &b->sp_abt : &b->lr_abt;
	case PSR_MODE_UND:
		return reg == VCPU_REG_SP ? &b->sp_und : &b->lr_und;
	case PSR_MODE_IRQ:
		return reg == VCPU_REG_SP ? &b->sp_irq : &b->lr_irq;
	case PSR_MODE_FIQ:
		return reg == VCPU_REG_SP ? &b->sp_fiq : &b->lr_fiq;
	default: /* USR, SYS */
		return reg == VCPU_REG_SP ? &f->sp : &f->lr;
	}
}

/* A guest may be in any PL1 or PL0 mode, never HYP or Monitor. */
static bool guest_mode_ok(uint32_t psr)
{
	switch (psr & PSR_MODE_MASK) {
	case PSR_MODE_USR:
	case PSR_MODE_FIQ:
	case PSR_MODE_IRQ:
	case PSR_MODE_SVC:
	case PSR_MODE_ABT:
	case PSR_MODE_UND:
	case PSR_MODE_SYS:
		return true;
	default:
		return false;
	}
}

uint32_t vcpu_arch_get_reg(struct thread *t, unsigned int reg)
{
	if (reg >= 13 && reg != VCPU_REG_PC && arch()->loaded == t->vcpu)
		vcpu_banked_save(&t->vcpu->arch.banked);
	return *reg_slot(t, reg);
}

int vcpu_arch_set_reg(struct thread *t, unsigned int reg, uint32_t value)
{
	bool loaded = arch()->loaded == t->vcpu;

	if (reg == VCPU_REG_CPSR) {
		if (!guest_mode_ok(value))
			return ERR_INVALID;
		/* Never Jazelle; IT state only in Thumb: either is UNPREDICTABLE on eret. */
		value &= ~(uint32_t)PSR_J;
		if (!(value & PSR_T))
			value &= ~(uint32_t)PSR_IT_MASK;
		t->arch.ctx.psr = value;
		return ERR_NONE;
	}
	if (reg >= VCPU_REG_COUNT)
		return ERR_INVALID;
	if (reg >= 13 && reg != VCPU_REG_PC && loaded)
		vcpu_banked_save(&t->vcpu->arch.banked);
	*reg_slot(t, reg) = value;
	if (reg >= 13 && reg != VCPU_REG_PC && loaded)
		vcpu_banked_load(&t->vcpu->arch.banked);
	return ERR_NONE;
}

/*
 * The IT state after one more instruction of a Thumb IT block (ITAdvance
 * in the ARM ARM): IT[7:2] is CPSR[15:10], IT[1:0] is CPSR[26:25].
 */
static uint32_t it_advance(uint32_t psr)
{
	uint32_t it = (psr >> 25 & 3) | (psr >> 8 & 0xfc);

	if (!it)
		return psr;
	it = (it & 7) ? (it & 0xe0) | (it << 1 & 0x1f) : 0;
	psr &= ~(3u << 25 | 0x3fu << 10);
	return psr | (it & 3) << 25 | (it >> 2) << 10;
}

/* Past the trapped instruction: 4 bytes, or 2 for a 16-bit Thumb one (HSR.IL). */
void vcpu_arch_advance(struct thread *t)
{
	t->arch.ctx.pc += HSR_IL(t->vcpu->arch.hsr) ? 4 : 2;
	t->arch.ctx.psr = it_advance(t->arch.ctx.psr);
}

/*
 * Whether a trapped instruction passes its condition: the syndrome of a
 * conditional one (ISS.CV) holds its condition, which the hardware may
 * trap without checking (ARM ARM B3.13.x); the flags decide.
 */
bool vcpu_arch_condition_passed(const struct thread *t, uint32_t hsr)
{
	uint32_t psr = t->arch.ctx.psr, cond = hsr >> 20 & 15;
	bool n = psr >> 31 & 1, z = psr >> 30 & 1, c = psr >> 29 & 1, v = psr >> 28 & 1;
	bool pass;

	if (HSR_EC(hsr) == EC_UNKNOWN || HSR_EC(hsr) > EC_CP14_64 || !(hsr >> 24 & 1))
		return true;
	switch (cond >> 1) {
	case 0:
		pass = z;
		break;
	case 1:
		pass = c;
		break;
	case 2:
		pass = n;
		break;
	case 3:
		pass = v;
		break;
	case 4:
		pass = c && !z;
		break;
	case 5:
		pass = n == v;
		break;
	case 6:
		pass = n == v && !z;
		break;
	default:
		return true; /* AL */
	}
	return (cond & 1) ? !pass : pass;
}
