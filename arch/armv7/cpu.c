// SPDX-License-Identifier: MIT
/* Per-core architecture state, idling and halting on ARMv7 HYP. */
#include <cpu.h>

#include <arch/barrier.h>
#include <arch/gic.h>
#include <arch/sysreg.h>

/* Physical IRQs, FIQs and asynchronous aborts are the kernel's: route them to HYP. */
#define HCR_FMO (1u << 3)
#define HCR_IMO (1u << 4)
#define HCR_AMO (1u << 5)

void cpu_arch_init_this(struct cpu *cpu)
{
	sysreg_write(hcr, HCR_FMO | HCR_IMO | HCR_AMO);
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
