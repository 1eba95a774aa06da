/* SPDX-License-Identifier: MIT */
/* The kernel's HYP address space: one set of tables shared by every core. */
#pragma once

/** mmu_enable_here() - load the kernel tables on this core and turn on MMU and caches. */
void mmu_enable_here(void);
