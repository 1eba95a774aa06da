// SPDX-License-Identifier: MIT
/*
 * GICv2 virtualization: the kernel keeps the list registers. A pending
 * virtual interrupt of the loaded VCPU goes into a free list register at
 * once; one of a VCPU that is not loaded waits in its pending bits until
 * it is. A device interrupt is hardware-linked (the guest's EOI
 * deactivates the physical one); the virtual timer is masked at its source
 * (CNTV_CTL.IMASK) when it fires and the guest unmasks it when it sets the
 * next deadline, as Linux does anyway. With every list register full the
 * underflow maintenance interrupt asks for a refill.
 */
#include <board.h>
#include <cpu.h>
#include <irq.h>
#include <thread.h>
#include <vcpu.h>

#include <arch/mmio.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>

#define GICH_HCR   0x000
#define GICH_VTR   0x004
#define GICH_VMCR  0x008
#define GICH_MISR  0x010
#define GICH_ELSR0 0x030
#define GICH_APR   0x0f0
#define GICH_LR(n) (0x100 + 4 * (n))

#define GICH_HCR_EN  (1u << 0)
#define GICH_HCR_UIE (1u << 1) /* maintenance interrupt when at most one LR is in use */

#define LR_VID_MASK   0x3ffu
#define LR_SRC_SHIFT  10 /* SGI: the sending CPU interface; HW: the physical ID */
#define LR_PRIO_SHIFT 23
#define LR_PENDING    (1u << 28)
#define LR_ACTIVE     (1u << 29)
#define LR_HW	      (1u << 31)
#define LR_SGI_KEY    0x1fffu /* an SGI's virtual ID and source */
/* One priority for every virtual interrupt: Linux's own default (0xa0), 5 bits. */
#define LR_PRIO	      (0xa0u >> 3 << LR_PRIO_SHIFT)

#define CNTV_CTL_ENABLE	 (1u << 0)
#define CNTV_CTL_IMASK	 (1u << 1)
#define CNTV_CTL_ISTATUS (1u << 2)

#define BIT(n)	(1u << ((n) % 32))
#define WORD(n) ((n) / 32)

static uint32_t gich_read(uint32_t reg)
{
	return mmio_read32(BOARD_GICH_BASE + reg);
}

static void gich_write(uint32_t reg, uint32_t v)
{
	mmio_write32(BOARD_GICH_BASE + reg, v);
}

static struct vcpu *loaded(void)
{
	return this_cpu()->arch.loaded;
}

/* What one list register entry stands for: its virtual ID, and an SGI's source. */
static uint32_t lr_key(uint32_t lr)
{
	return (lr & LR_VID_MASK) < VIRQ_IPI_COUNT ? lr & LR_SGI_KEY : lr & LR_VID_MASK;
}

static uint32_t all_lrs(void)
{
	return this_cpu()->arch.lr_all;
}

/*
 * Put @lr (key: virtual ID and source) in the list registers unless it is
 * there: pending already is enough; active only, it becomes active and
 * pending (not for hardware-linked ones, whose physical interrupt cannot
 * fire again before the guest ends it). False if every register is taken.
 */
static bool lr_put(uint32_t lr)
{
	struct cpu *cpu = this_cpu();
	uint32_t empty = gich_read(GICH_ELSR0) & cpu->arch.lr_all;
	uint32_t used = ~empty & cpu->arch.lr_all;

	for (; used; used &= used - 1) {
		unsigned int n = (unsigned int)__builtin_ctz(used);
		uint32_t cur = gich_read(GICH_LR(n));

		if (lr_key(cur) != lr_key(lr))
			continue;
		if (!(cur & LR_PENDING) && !(cur & LR_HW))
			gich_write(GICH_LR(n), cur | LR_PENDING);
		return true;
	}
	if (!empty)
		return false;
	gich_write(GICH_LR(__builtin_ctz(empty)), lr);
	cpu->stats.virqs++;
	return true;
}

/* Need the underflow interrupt while interrupts are left over. */
static void want_refill(struct vcpu *v, bool on)
{
	uint32_t hcr = on ? v->arch.vgic.hcr | GICH_HCR_UIE : v->arch.vgic.hcr & ~GICH_HCR_UIE;

	if (hcr == v->arch.vgic.hcr)
		return;
	v->arch.vgic.hcr = hcr;
	if (this_cpu()->arch.guest)
		gich_write(GICH_HCR, hcr | GICH_HCR_EN);
}

uint32_t vcpu_arch_put_ipis(struct vcpu *v, unsigned int w, uint32_t ipis)
{
	for (; ipis; ipis &= ipis - 1) {
		unsigned int b = (unsigned int)__builtin_ctz(ipis);

		if (!lr_put(LR_PENDING | LR_PRIO | (b % 8) << LR_SRC_SHIFT | (w * 4 + b / 8)))
			break;
	}
	return ipis;
}

static bool flush_sgis(struct vcpu *v)
{
	for (uint32_t any = v->ipi_any; any; any &= any - 1) {
		unsigned int w = (unsigned int)__builtin_ctz(any);

		v->ipi[w] = vcpu_arch_put_ipis(v, w, v->ipi[w]);
		if (v->ipi[w])
			return false;
		v->ipi_any &= (uint8_t) ~(1u << w);
	}
	return true;
}

/* Only the words that may hold something: a virtual IPI's flush scans none. */
static bool flush_irqs(struct vcpu *v)
{
	for (uint32_t any = v->pending_any; any; any &= any - 1) {
		unsigned int w = (unsigned int)__builtin_ctz(any);

		for (uint32_t ready = v->pending[w] & v->enabled[w]; ready; ready &= ready - 1) {
			unsigned int virq = w * 32 + (unsigned int)__builtin_ctz(ready);
			uint32_t lr = LR_PENDING | LR_PRIO | virq;

			if (v->hw_pending[w] & BIT(virq))
				lr |= LR_HW | virq << LR_SRC_SHIFT;
			if (!lr_put(lr))
				return false;
			v->pending[w] &= ~BIT(virq);
			v->hw_pending[w] &= ~BIT(virq);
		}
		if (!v->pending[w])
			v->pending_any &= (uint8_t) ~(1u << w);
	}
	return true;
}

void vcpu_arch_flush(struct vcpu *v)
{
	if (loaded() != v)
		return; /* vgic_load() does it */
	want_refill(v, !(flush_sgis(v) && flush_irqs(v)));
}

bool vcpu_arch_lr_pending(const struct vcpu *v)
{
	if (loaded() != v) {
		for (unsigned int n = 0; n < VGIC_MAX_LRS; n++)
			if (v->arch.vgic.lr[n] & LR_PENDING)
				return true;
		return false;
	}
	for (uint32_t used = ~gich_read(GICH_ELSR0) & all_lrs(); used; used &= used - 1)
		if (gich_read(GICH_LR(__builtin_ctz(used))) & LR_PENDING)
			return true;
	return false;
}

/*
 * @v was just loaded: if its timer came due while it was away (what woke
 * it, when it shares its core), its interrupt goes straight into a list
 * register, as vgic_timer_inject() would put it, without the exit the
 * physical interrupt would take first. Masked at its source as there.
 */
static void timer_catch_up(struct vcpu *v)
{
	uint32_t ctl = sysreg_read(cntv_ctl);

	if ((ctl & (CNTV_CTL_ENABLE | CNTV_CTL_IMASK | CNTV_CTL_ISTATUS)) !=
		    (CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS) ||
	    !(v->enabled[WORD(BOARD_IRQ_VIRT_TIMER)] & BIT(BOARD_IRQ_VIRT_TIMER)))
		return;
	if (lr_put(LR_PENDING | LR_PRIO | BOARD_IRQ_VIRT_TIMER))
		sysreg_write(cntv_ctl, ctl | CNTV_CTL_IMASK);
}

void vgic_load(struct vcpu *v)
{
	const struct vcpu_vgic *g = &v->arch.vgic;

	gich_write(GICH_VMCR, g->vmcr);
	gich_write(GICH_APR, g->apr);
	for (unsigned int n = 0; n < this_cpu()->arch.lrs; n++)
		gich_write(GICH_LR(n), g->lr[n]);
	vcpu_arch_flush(v);
	timer_catch_up(v);
}

void vgic_save(struct vcpu *v)
{
	struct vcpu_vgic *g = &v->arch.vgic;

	g->vmcr = gich_read(GICH_VMCR);
	g->apr = gich_read(GICH_APR);
	for (unsigned int n = 0; n < this_cpu()->arch.lrs; n++)
		g->lr[n] = gich_read(GICH_LR(n));
	/* Not cleared: the next VCPU's vgic_load() writes all of it, at once. */
}

void vgic_clear(void)
{
	gich_write(GICH_HCR, 0);
	gich_write(GICH_APR, 0);
	for (unsigned int n = 0; n < this_cpu()->arch.lrs; n++)
		gich_write(GICH_LR(n), 0);
}

void vgic_enter_guest(const struct vcpu *v)
{
	gich_write(GICH_HCR, v->arch.vgic.hcr | GICH_HCR_EN);
}

void vgic_leave_guest(const struct vcpu *v)
{
	gich_write(GICH_HCR, 0);
}

/* SGIR: target filter in bits 25-24 (list, all others, self), list 23-16, SGI 3-0. */
void vgic_sgir(struct thread *t, uint32_t value)
{
	uint32_t self = 1u << t->vcpu->index, targets;

	switch ((value >> 24) & 3) {
	case 0:
		targets = (value >> 16) & 0xff;
		break;
	case 1:
		targets = 0xffu & ~self;
		break;
	case 2:
		targets = self;
		break;
	default:
		return; /* reserved: ignored, as the GIC does */
	}
	vcpu_send_ipi(t, value & 0xf, targets);
}

/* The loaded VCPU's timer fired (and vgic_timer_inject() did not take it): mask, raise. */
static void vtimer_fire(unsigned int irq, cpuid_t src)
{
	struct vcpu *v = loaded();

	sysreg_write(cntv_ctl, sysreg_read(cntv_ctl) | CNTV_CTL_IMASK);
	if (v)
		vcpu_raise(v->thread, irq);
}

bool vgic_timer_inject(struct vcpu *v)
{
	if (!(v->enabled[WORD(BOARD_IRQ_VIRT_TIMER)] & BIT(BOARD_IRQ_VIRT_TIMER)))
		return false;
	sysreg_write(cntv_ctl, sysreg_read(cntv_ctl) | CNTV_CTL_IMASK);
	/* Every list register taken: vtimer_fire() leaves it pending, asks for a refill. */
	return lr_put(LR_PENDING | LR_PRIO | BOARD_IRQ_VIRT_TIMER);
}

/* Underflow: list registers have room again for what is left over. */
static void maintenance(unsigned int irq, cpuid_t src)
{
	struct vcpu *v = loaded();

	if (v)
		vcpu_arch_flush(v);
	else
		gich_write(GICH_HCR, 0);
}

void vgic_init(void)
{
	irq_register(BOARD_IRQ_VIRT_TIMER, vtimer_fire);
	irq_register(BOARD_IRQ_GIC_MAINTENANCE, maintenance);
	irq_register(IPI_VKICK, vcpu_kicked);
}

void vgic_init_cpu(void)
{
	unsigned int lrs = (gich_read(GICH_VTR) & 0x3f) + 1;

	/* QEMU accepts a write to one list register past the last: size from VTR. */
	this_cpu()->arch.lrs = (uint8_t)(lrs < VGIC_MAX_LRS ? lrs : VGIC_MAX_LRS);
	this_cpu()->arch.lr_all = (1u << this_cpu()->arch.lrs) - 1;
	vgic_clear();
	irq_arch_enable(BOARD_IRQ_VIRT_TIMER);
	irq_arch_enable(BOARD_IRQ_GIC_MAINTENANCE);
}
