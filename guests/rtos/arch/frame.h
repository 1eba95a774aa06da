/* SPDX-License-Identifier: MIT */
/* The register frame vectors.S saves for an exception and a task waits in. */
#pragma once

#include <stdint.h>

struct frame {
	uint32_t r[13];
	uint32_t lr;
	uint32_t pc;
	uint32_t cpsr;
};

_Static_assert(sizeof(struct frame) == 16 * 4, "vectors.S saves 16 words");
