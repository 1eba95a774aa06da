/* SPDX-License-Identifier: MIT */
/* What every native cell program shares: its info page and how to find its channels. */
#pragma once

#include <cella/cellinfo.h>
#include <cella/lib.h>
#include <cella/string.h>

#define CELL_INFO ((const struct cellinfo *)CELLINFO_ADDR)

/** cell_channel() - the cell's first channel it may (@writable 1) or may not write; NULL if none. */
static inline const struct cellinfo_channel *cell_channel(unsigned int writable)
{
	for (unsigned int i = 0; i < CELL_INFO->channel_count; i++)
		if (CELL_INFO->channels[i].writable == writable)
			return &CELL_INFO->channels[i];
	return NULL;
}
