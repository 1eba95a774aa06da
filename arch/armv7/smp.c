// SPDX-License-Identifier: MIT
/* ARMv7 side of core bring-up: the holding-pen release and a new core's MMU. */
#include <smp.h>

#include <arch/barrier.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>

/* In entry.S's .data: the pen the secondaries wait on, caches off. */
extern uint32_t smp_release;

/*
 * The waiting cores read memory, not our cache: clean the line to the
 * point of coherency before the SEV wakes them.
 */
void smp_arch_release(void)
{
	__atomic_store_n(&smp_release, 1, __ATOMIC_RELEASE);
	dsb(ish);
	sysreg_write(dccmvac, (uint32_t)(uintptr_t)&smp_release);
	dsb(sy);
	sev();
}

void smp_arch_init_secondary(void)
{
	mmu_enable_here();
}
