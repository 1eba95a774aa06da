/* SPDX-License-Identifier: MIT */
/*
 * GICv2: distributor and CPU interface, for one processor. Only ordinary
 * registers, written and never read back for priorities, so it runs the
 * same on a real distributor and on a hypervisor's emulated one.
 */
#pragma once

#include <stdint.h>

#define GIC_IRQS 96 /* interrupt IDs the RTOS can attach (SGIs, PPIs, the first 64 SPIs) */

/** gic_init() - the distributor at @dist, CPU interface at @cpu: all off, then on. */
void gic_init(uintptr_t dist, uintptr_t cpu);

/** gic_attach() - run @fn(@arg) for interrupt @id at priority @prio (lower is more urgent). */
void gic_attach(unsigned id, uint8_t prio, void (*fn)(void *arg), void *arg);

/** gic_dispatch() - acknowledge, handle and end every pending interrupt. */
void gic_dispatch(void);

/** gic_raise_self() - raise software interrupt @sgi (0..15) on this processor. */
void gic_raise_self(unsigned sgi);
