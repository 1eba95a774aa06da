/* SPDX-License-Identifier: MIT */
/*
 * Physical memory as the kernel sees it at boot: where RAM is and how much
 * (mem= boot argument), where the kernel image lies, and the kernel's own
 * address space (identity-mapped, caches on) built over it.
 */
#pragma once

#include <types.h>

struct mem_info {
	paddr_t ram_base;
	uint64_t ram_size;
	bool ram_size_given; /* false: mem= missing or bad, a default was used */
	vaddr_t image_start; /* first byte of the kernel image */
	vaddr_t text_end;    /* end of code: [image_start, text_end) is executable */
	vaddr_t rodata_end;  /* end of read-only data */
	vaddr_t image_end;   /* end of data and BSS */
};

/** mem_init() - size RAM, map the kernel and turn the MMU on. Boot core, once. */
void mem_init(void);

/** mem_info() - what mem_init() found. */
const struct mem_info *mem_info(void);

/* Must be implemented by the architecture: */

/** mem_arch_ram_base() - where RAM starts on this board. */
paddr_t mem_arch_ram_base(void);

/** mem_arch_ram_max() - the largest RAM size the board can have. */
uint64_t mem_arch_ram_max(void);

/** mem_arch_ram_default() - the size assumed when mem= is not given. */
uint64_t mem_arch_ram_default(void);

/** mem_arch_init() - build the kernel's tables for @m and enable the MMU here. */
void mem_arch_init(const struct mem_info *m);

/** mem_arch_mapped() - whether the kernel's own tables let it read @va now. */
bool mem_arch_mapped(vaddr_t va);
