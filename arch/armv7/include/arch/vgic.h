/* SPDX-License-Identifier: MIT */
/*
 * The GICv2 virtual interface (GICH) as the armv7 VCPU code uses it: list
 * registers filled from a VCPU's pending virtual interrupts, saved and
 * restored with the VCPU, the maintenance interrupt when more are pending
 * than list registers hold, and the virtual timer's interrupt.
 */
#pragma once

#include <types.h>

struct vcpu;
struct thread;

/** vgic_init() - register the maintenance and virtual timer handlers. Boot core. */
void vgic_init(void);

/** vgic_init_cpu() - count this core's list registers, clear them, take the PPIs. */
void vgic_init_cpu(void);

/** vgic_load() - @v's interface state into the hardware, then its pending interrupts. */
void vgic_load(struct vcpu *v);

/** vgic_save() - the hardware's interface state into @v; left in place for vgic_load() to overwrite. */
void vgic_save(struct vcpu *v);

/** vgic_clear() - empty the list registers and disable the interface (a VCPU is gone). */
void vgic_clear(void);

/** vgic_enter_guest() - let the virtual CPU interface signal @v's guest. */
void vgic_enter_guest(const struct vcpu *v);

/** vgic_leave_guest() - silence the virtual CPU interface while a native thread runs. */
void vgic_leave_guest(const struct vcpu *v);

/**
 * vgic_timer_inject() - the virtual timer's interrupt fired while @v runs:
 * mask it at its source and put it in a list register, with no dispatch
 * and nothing to reschedule (the injection fast path; the caller ends the
 * physical interrupt). False if the guest has it disabled or the list
 * registers are full: then the general path takes it.
 */
bool vgic_timer_inject(struct vcpu *v);

/** vgic_sgir() - the guest on @t wrote @value to its distributor's GICD_SGIR. */
void vgic_sgir(struct thread *t, uint32_t value);
