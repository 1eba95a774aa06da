/* SPDX-License-Identifier: MIT */
/*
 * Interrupts for user level: an interrupt object stands for one shared
 * peripheral interrupt, claimed once through the interrupt-control handle
 * the root task starts with. Bound to a notification, the interrupt is
 * routed to the binding core; when it fires the kernel masks it and
 * signals the notification's bits; the driver handles the device and
 * acknowledges, which unmasks it. Bound to a VCPU instead, it is routed to
 * the VCPU's core and injected as the same virtual interrupt, left active
 * until the guest ends it (hardware-linked: no VMM, no acknowledge call).
 */
#pragma once

#include <kobj.h>

struct notify;
struct thread;

struct irq_object {
	struct kobj obj;
	unsigned int irq;
	struct notify *notify; /* bound notification (a reference), or NULL */
	uint32_t bits;
	struct thread *vcpu; /* or the VCPU it is bound to (a reference), or NULL */
};

/** irq_object_init() - take every shared peripheral interrupt. Boot core. */
void irq_object_init(void);

/** irq_object_destroy() - destructor: mask the interrupt, release the claim. */
bool irq_object_destroy(struct kobj *obj);

/* System calls (arguments and errors: docs/syscalls.md). */
int sys_irq_create(struct thread *self, const uint32_t *args);
int sys_irq_set_notify(struct thread *self, const uint32_t *args);
int sys_irq_ack(struct thread *self, const uint32_t *args);
int sys_irq_set_vcpu(struct thread *self, const uint32_t *args);
