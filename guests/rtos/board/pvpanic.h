/* SPDX-License-Identifier: MIT */
/*
 * A pvpanic device (QEMU's "qemu,pvpanic-mmio" binding, which Cella's VMM
 * offers every VM cell): a byte the guest writes to say it panicked, so the
 * platform can apply its own policy (Cella: the cell's on_fault, counted
 * as a fault) instead of seeing a guest that merely went quiet.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define PVPANIC_PANICKED 0x1u

/** pvpanic_init() - the device at @pa (mapped as device memory), 0 if there is none. */
void pvpanic_init(uint64_t pa);

/** pvpanic_present() - whether there is a device that supports "panicked". */
bool pvpanic_present(void);

/** pvpanic_report() - say the guest panicked; returns if the platform lets it go on. */
void pvpanic_report(void);
