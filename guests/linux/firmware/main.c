// SPDX-License-Identifier: MIT
/*
 * Every core's way from reset to Linux: hand the GIC and the FPU to the
 * Non-secure world (what Cella's arch/armv7/secure.S does for Cella), then
 * core 0 enters the zImage by the Linux boot protocol and the others wait
 * for PSCI CPU_ON (power.c, gic.c).
 */
#include "firmware.h"
#include "psci.h"

#define NSACR_CP10_CP11	   (3 << 10)
#define ACTLR_SMP	   (1 << 6)
#define L2CTLR_CORES_SHIFT 24 /* Cortex-A15 L2CTLR[25:24]: cores - 1 */
#define L2CTLR_CORES_MASK  3

/* The Non-secure world may use VFP/NEON; the core takes part in coherency. */
static void cpu_to_nonsecure(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c1, c1, 2" : "=r"(v));
	__asm__ volatile("mcr p15, 0, %0, c1, c1, 2" ::"r"(v | NSACR_CP10_CP11));
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(v));
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 1\n\tisb" ::"r"(v | ACTLR_SMP));
}

static unsigned int cores(void)
{
	uint32_t l2ctlr;

	__asm__ volatile("mrc p15, 1, %0, c9, c0, 2" : "=r"(l2ctlr));
	return ((l2ctlr >> L2CTLR_CORES_SHIFT) & L2CTLR_CORES_MASK) + 1;
}

noreturn void fw_main(unsigned int cpu)
{
	fw_gic_init(cpu);
	cpu_to_nonsecure();
	if (cpu != 0)
		fw_wait_for_cpu_on(cpu);
	fw_power_init(cores());
	/* Linux's boot protocol: r0 = 0, r1 = ~0 (no machine number: a device tree), r2 = it. */
	fw_enter_nonsecure(fw_boot_record.kernel, PSCI_ENTRY_CPSR, 0, fw_boot_record.dtb);
}
