/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own faults, reported alike on every ARM arch: what it took,
 * what the arch's fault registers say, the registers it saved; then the
 * core halts. The arch's trap code decides what is a fault.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#include <arch/trap.h>

/**
 * kernel_fault() - report exception @vector (named @name), which the kernel
 * took with registers @f and did not expect, and halt this core.
 */
__noreturn void kernel_fault(const struct trap_frame *f, const char *name, unsigned int vector);

/**
 * kernel_stack_overflow() - report a data abort taken with SP in the guard
 * below this core's stack, at @pc, and halt. Called by vectors.S on a stack
 * of its own.
 */
__noreturn void kernel_stack_overflow(uint32_t pc);

/* Must be implemented by the architecture, beside KERNEL_MODE_NAME and KERNEL_FAR_NAME: */

/** kernel_fault_arch_status() - print what the fault status and address registers hold. */
void kernel_fault_arch_status(void);

/** kernel_fault_arch_far() - the address of the last data abort (KERNEL_FAR_NAME). */
uint32_t kernel_fault_arch_far(void);
