/* SPDX-License-Identifier: MIT */
/*
 * Core bring-up. Every core enters the kernel image at reset; the boot core
 * (logical 0) sets up the system while the others wait in a holding pen,
 * then releases them and waits, with a timeout, for each to join.
 */
#pragma once

#include <compiler.h>
#include <types.h>

/** smp_boot() - release the secondary cores and wait for them. Boot core. */
void smp_boot(void);

/** smp_cpus_present() - cores the hardware has (bounded by CONFIG_MAX_CPUS). */
unsigned int smp_cpus_present(void);

/** smp_cpus_online() - cores that have joined and not halted. */
unsigned int smp_cpus_online(void);

/** smp_join() - announce this core on the console and publish it online. */
void smp_join(void);

/** secondary_main() - C entry of a released secondary core @id. */
__noreturn void secondary_main(cpuid_t id);

/* Must be implemented by the architecture: */

/** smp_arch_release() - let the secondary cores out of the holding pen. */
void smp_arch_release(void);

/** smp_arch_init_secondary() - MMU and per-core register on a new core. */
void smp_arch_init_secondary(void);
