// SPDX-License-Identifier: MIT
/* Per-core architecture state, idling and halting on ARMv7 HYP. */
#include <cpu.h>

#include <arch/barrier.h>
#include <arch/gic.h>
#include <arch/sysreg.h>

/*
 * HCR for native threads: physical interrupts and aborts are the
 * kernel's (FMO, IMO, AMO); PL0 exceptions come to HYP (TGE); stage 1 is
 * off with Normal cacheable memory (DC) and stage 2 is the address space
 * (VM); SMC is trapped (TSC).
 */
#define HCR_VM	   (1u << 0)
#define HCR_FMO	   (1u << 3)
#define HCR_IMO	   (1u << 4)
#define HCR_AMO	   (1u << 5)
#define HCR_DC	   (1u << 12)
#define HCR_TSC	   (1u << 19)
#define HCR_TGE	   (1u << 27)
#define HCR_NATIVE (HCR_VM | HCR_FMO | HCR_IMO | HCR_AMO | HCR_DC | HCR_TSC | HCR_TGE)

/* VTCR: 32-bit IPA (T0SZ 0), walk from level 1 (SL0 1), Inner Shareable WB walks. */
#define VTCR_VALUE ((1u << 31) | (1u << 6) | (1u << 8) | (1u << 10) | (3u << 12))

void cpu_arch_init_this(struct cpu *cpu)
{
	sysreg_write(vtcr, VTCR_VALUE);
	sysreg_write(hcr, HCR_NATIVE);
	isb();
	cpu->arch.hsctlr = sysreg_read(hsctlr);
}

void cpu_arch_halt(void)
{
	arch_irq_disable();
	gic_cpu_disable();
	for (;;)
		wfi();
}

void cpu_arch_idle(void)
{
	dsb(sy);
	wfi();
}
