/* SPDX-License-Identifier: MIT */
/* ARMv7 part of an address space: its stage-2 translation and VMID. */
#pragma once

#include <arch/lpae.h>

struct arch_space {
	struct lpae_alloc alloc; /* tables from the space's pool */
	struct lpae_table *root; /* level-1 stage-2 table */
	uint64_t vttbr;		 /* root and VMID, as loaded on every switch */
	uint8_t vmid;
};
