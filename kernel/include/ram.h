/* SPDX-License-Identifier: MIT */
/*
 * Physical memory as the kernel sees it at boot: where RAM is and how much
 * (mem= boot argument), where the kernel image lies, and the kernel's own
 * address space (identity-mapped, caches on) built over it.
 */
#pragma once

#include <types.h>

struct ram_info {
	paddr_t ram_base;
	uint64_t ram_size;
	bool ram_size_given; /* false: mem= missing or bad, a default was used */
	vaddr_t image_start; /* first byte of the kernel image */
	vaddr_t text_end;    /* end of code: [image_start, text_end) is executable */
	vaddr_t rodata_end;  /* end of read-only data */
	vaddr_t image_end;   /* end of data and BSS */
};

/** ram_init() - size RAM, map the kernel and turn the MMU on. Boot core, once. */
void ram_init(void);

/** ram_info() - what ram_init() found. */
const struct ram_info *ram_info(void);

/* Must be implemented by the architecture: */

/** ram_arch_base() - where RAM starts on this board. */
paddr_t ram_arch_base(void);

/** ram_arch_max() - the largest RAM size the board can have. */
uint64_t ram_arch_max(void);

/** ram_arch_default() - the size assumed when mem= is not given. */
uint64_t ram_arch_default(void);

/** ram_arch_init() - build the kernel's tables for @m and enable the MMU here. */
void ram_arch_init(const struct ram_info *m);

/** ram_arch_mapped() - whether the kernel's own tables let it read @va now. */
bool ram_arch_mapped(vaddr_t va);
