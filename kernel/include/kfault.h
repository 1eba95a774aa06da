/* SPDX-License-Identifier: MIT */
/*
 * Test-only kernel faults (boot argument kfault=KIND, kfault_cpu=N): make
 * the kernel itself fault after boot, so a test can see that every kind of
 * HYP exception produces a register dump and halts the core, not a hang.
 */
#pragma once

#include <types.h>

/** kfault_init() - register the inter-core interrupt that carries the request. Boot core. */
void kfault_init(void);

/** kfault_trigger() - if kfault= was given, fault on the chosen core. Boot core. */
void kfault_trigger(void);

/* Must be implemented by the architecture: */

/** kfault_arch_kinds() - the kinds this architecture can raise, for messages. */
const char *kfault_arch_kinds(void);

/** kfault_arch_known() - whether @kind is one of them. */
bool kfault_arch_known(const char *kind);

/** kfault_arch_raise() - raise the fault @kind here; does not return if it works. */
void kfault_arch_raise(const char *kind);
