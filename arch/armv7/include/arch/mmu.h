/* SPDX-License-Identifier: MIT */
/* The kernel's HYP address space: one set of tables shared by every core. */
#pragma once

#include <arch/lpae.h>

/** mmu_enable_here() - load the kernel tables on this core and turn on MMU and caches. */
void mmu_enable_here(void);

/*
 * The kernel sees all RAM at its physical address, so a table's address is
 * its physical address: the lpae_alloc translation for kernel-built tables.
 */
paddr_t mmu_identity_pa(const struct lpae_alloc *a, const struct lpae_table *t);
struct lpae_table *mmu_identity_table(const struct lpae_alloc *a, paddr_t pa);
