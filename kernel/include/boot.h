/* SPDX-License-Identifier: MIT */
/* What the generic boot path asks of the architecture and board. */
#pragma once

#include <types.h>

/* Must be implemented by the architecture: */

/** arch_board_name() - the board this image was built for. */
const char *arch_board_name(void);

/** arch_bootargs() - where the loader leaves the boot-argument string. */
const char *arch_bootargs(void);

/** arch_bootargs_size() - the most bytes that string may have. */
size_t arch_bootargs_size(void);
