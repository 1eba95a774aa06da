/* SPDX-License-Identifier: MIT */
/* Reading a system description: shared between desc.c and desc_channel.c. */
#pragma once

#include "model.h"
#include "values.h"

/**
 * desc_read_channels() - read the channels list @n into @s (whose cells are
 * read already). Returns 0, or -1 after recording each problem.
 */
int desc_read_channels(struct reader *r, struct system *s, const struct ynode *n);
