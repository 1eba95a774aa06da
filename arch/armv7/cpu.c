// SPDX-License-Identifier: MIT
/* Per-core architecture state, idling and halting on ARMv7 HYP. */
#include <cpu.h>
#include <fastpath.h>
#include <kobj.h>

#include <arch/barrier.h>
#include <arch/gic.h>
#include <arch/hcr.h>
#include <arch/sysreg.h>
#include <uapi/cella/syscall.h>

/* VTCR: 32-bit IPA (T0SZ 0), walk from level 1 (SL0 1), Inner Shareable WB walks. */
#define VTCR_VALUE ((1u << 31) | (1u << 6) | (1u << 8) | (1u << 10) | (3u << 12))

#define PMCR_E	      (1u << 0)	 /* counters on */
#define PMCNTEN_C     (1u << 31) /* the cycle counter on */
#define PMSELR_CYCLES 31	 /* PMXEVTYPER then means PMCCFILTR */
#define PMCCFILTR_NSH (1u << 27) /* count in HYP too */

/* The cycle counter, running in every mode (guests cannot reach it: HDCR traps them). */
static void cycles_init(void)
{
	sysreg_write(pmselr, PMSELR_CYCLES);
	sysreg_write(pmxevtyper, PMCCFILTR_NSH);
	sysreg_write(pmcr, sysreg_read(pmcr) | PMCR_E);
	sysreg_write(pmcntenset, PMCNTEN_C);
}

void cpu_arch_init_this(struct cpu *cpu)
{
	sysreg_write(vtcr, VTCR_VALUE);
	sysreg_write(hcr, HCR_NATIVE);
	/* Guests' VFP and debug accesses trap; native threads have none. */
	sysreg_write(hcptr, sysreg_read(hcptr) | HCPTR_VFP);
	sysreg_write(hstr, HSTR_GUEST);
	sysreg_write(hdcr, sysreg_read(hdcr) | HDCR_TRAPS);
	isb();
	cpu->arch.hsctlr = sysreg_read(hsctlr);
	cycles_init();
}

/* The tables of where vec_trap sends each system call (vectors.S). */
extern const uint32_t sys_entries_fast[SYS_COUNT], sys_entries_slow[SYS_COUNT];

void fastpath_arch_init(bool on)
{
	for (unsigned int i = 0; i < CONFIG_MAX_CPUS; i++) {
		cpus[i].arch.sys_entries = on ? sys_entries_fast : sys_entries_slow;
		cpus[i].arch.endpoint_here = KOBJ_ENDPOINT | i << 8;
	}
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
