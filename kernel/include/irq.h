/* SPDX-License-Identifier: MIT */
/*
 * Interrupts: one handler per interrupt ID, registered in a table; the
 * arch layer acknowledges and ends them. Inter-core interrupts (IPIs) are
 * the doorbells between cores; the arch says which IDs they take.
 */
#pragma once

#include <config.h>
#include <types.h>

#include <arch/irq.h>

/* The inter-core interrupts, a small fixed set numbered from the arch's first. */
enum ipi {
	IPI_TEST_FANOUT = IRQ_IPI_FIRST, /* self-test: "send IPI_TEST_PING to every other core" */
	IPI_TEST_PING,			 /* self-test: counted by the receiver */
	IPI_KFAULT,			 /* test-only: fault in the kernel on the receiving core */
	IPI_TEST_CONSOLE,		 /* self-test: every core prints a burst of lines */
	IPI_XCALL, /* doorbell: requests wait in this core's rings (xcall.h) */
	IPI_VKICK, /* VCPUs homed here have virtual IPIs in their mailboxes (vcpu.h) */
	IPI_END
};

_Static_assert(IPI_END <= IRQ_IPI_LIMIT, "more inter-core interrupts than the arch has");

/* A handler runs with interrupts masked on the core that took the interrupt.
 * @src is the sending core for an inter-core interrupt, 0 otherwise. */
typedef void irq_handler_fn(unsigned int irq, cpuid_t src);

/** irq_register() - install @fn for @irq. Boot core, before interrupts are on. */
void irq_register(unsigned int irq, irq_handler_fn *fn);

/** irq_init() - set up the distributor. Boot core. */
void irq_init(void);

/** irq_init_cpu() - set up this core's interface. Every core. */
void irq_init_cpu(void);

/** irq_handle() - take one pending interrupt (if any); called by the arch trap code. */
void irq_handle(void);

/**
 * irq_handle_acked() - irq_handle() for an interrupt the arch code has
 * acknowledged already (irq_arch_ack()'s @token, @irq and @src), having
 * looked at it for a fast path of its own.
 */
void irq_handle_acked(uint32_t token, unsigned int irq, cpuid_t src);

/**
 * irq_leave_active() - called by a handler that handed its interrupt to a
 * guest: the interrupt is ended (its priority dropped) but stays active
 * until the guest deactivates it, so it cannot fire again before.
 */
void irq_leave_active(void);

/** irq_send_ipi() - ring @ipi on core @dst. Any context. */
void irq_send_ipi(cpuid_t dst, enum ipi ipi);

/* Must be implemented by the architecture: */

/** irq_arch_init() - distributor: everything off, then enabled. */
void irq_arch_init(void);

/**
 * irq_arch_init_cpu() - this core's CPU interface and banked interrupts.
 * Inter-core interrupts are banked: each core enables those it handles.
 */
void irq_arch_init_cpu(void);

/** irq_arch_enable() - unmask @irq (banked IDs: on this core). */
void irq_arch_enable(unsigned int irq);

/** irq_arch_disable() - mask @irq at the distributor. */
void irq_arch_disable(unsigned int irq);

/** irq_arch_set_target() - deliver the shared interrupt @irq to core @cpu. */
void irq_arch_set_target(unsigned int irq, cpuid_t cpu);

/** irq_arch_lines() - interrupt IDs the controller implements (0 .. n-1). */
unsigned int irq_arch_lines(void);

/**
 * irq_arch_ack() - acknowledge the highest pending interrupt; returns a
 * token for irq_arch_eoi() and stores its ID and source core. The ID is
 * IRQ_SPURIOUS if none was pending.
 */
uint32_t irq_arch_ack(unsigned int *irq, cpuid_t *src);

/** irq_arch_eoi() - drop the priority of the interrupt that irq_arch_ack() returned. */
void irq_arch_eoi(uint32_t token);

/** irq_arch_deactivate() - end the interrupt of @token (irq_arch_ack()): it may fire again. */
void irq_arch_deactivate(uint32_t token);

/** irq_arch_clear_active() - end shared interrupt @irq wherever a guest left it active. */
void irq_arch_clear_active(unsigned int irq);

/** irq_arch_send_ipi() - raise inter-core interrupt @ipi on core @dst (after a barrier). */
void irq_arch_send_ipi(cpuid_t dst, unsigned int ipi);

/** irq_arch_cpus_present() - how many cores the interrupt controller serves. */
unsigned int irq_arch_cpus_present(void);
