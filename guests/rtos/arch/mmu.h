/* SPDX-License-Identifier: MIT */
/*
 * The RTOS's one address space after start.S: its RAM at RTOS_LINK_BASE,
 * devices and the device tree at their physical addresses (1 MiB sections).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/** mmu_init() - note the load address @load_pa start.S mapped RTOS_LINK_BASE onto. */
void mmu_init(uintptr_t load_pa);

/** mmu_drop_boot_identity() - unmap the section start.S ran in at its physical address. */
void mmu_drop_boot_identity(void);

/** mmu_map_device() - map the section holding @pa as Device memory at @pa; false if it cannot. */
bool mmu_map_device(uint64_t pa);

/** mmu_map_table() - map @size bytes at @pa read-only (a device tree) at @pa; false if not. */
bool mmu_map_table(uint64_t pa, uint32_t size);

/**
 * mmu_map_shared() - map @size bytes at @pa read-write, Normal shareable
 * memory (memory shared with another guest), at @pa; false if it cannot be.
 */
bool mmu_map_shared(uint64_t pa, uint32_t size);

/** mmu_map_ram() - map RAM from the load address up to @ram_end (at most RTOS_WINDOW). */
uint32_t mmu_map_ram(uint64_t ram_end);

/** mmu_load_pa() - the physical address the image runs at. */
uintptr_t mmu_load_pa(void);
