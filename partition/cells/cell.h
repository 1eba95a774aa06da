/* SPDX-License-Identifier: MIT */
/* What every native cell program shares: its info page and how to find its channels. */
#pragma once

#include <cella/cellinfo.h>
#include <cella/lib.h>
#include <cella/time.h>

#include <shared/string.h>

#define CELL_INFO ((const struct cellinfo *)CELLINFO_ADDR)

/** cell_report_due() - true at most once a second: time for a progress line. */
static inline int cell_report_due(unsigned long long *last)
{
	unsigned long long now = counter_now();

	if (now - *last < counter_frequency())
		return 0;
	*last = now;
	return 1;
}

/** cell_channel() - the cell's first channel it may (@writable 1) or may not write; NULL if none. */
static inline const struct cellinfo_channel *cell_channel(unsigned int writable)
{
	for (unsigned int i = 0; i < CELL_INFO->channel_count; i++)
		if (CELL_INFO->channels[i].writable == writable)
			return &CELL_INFO->channels[i];
	return NULL;
}
