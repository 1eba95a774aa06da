/* SPDX-License-Identifier: MIT */
/* What every native cell program shares: its info page and how to find its channels. */
#pragma once

#include <cella/cellinfo.h>
#include <cella/lib.h>
#include <cella/string.h>

#define CELL_INFO ((const struct cellinfo *)CELLINFO_ADDR)

/** cell_now() - the generic timer's virtual count (readable at user level: CNTKCTL). */
static inline unsigned long long cell_now(void)
{
	unsigned int lo, hi;

	__asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return (unsigned long long)hi << 32 | lo;
}

/** cell_ticks_per_second() - the generic timer's frequency (CNTFRQ). */
static inline unsigned int cell_ticks_per_second(void)
{
	unsigned int f;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
	return f;
}

/** cell_report_due() - true at most once a second: time for a progress line. */
static inline int cell_report_due(unsigned long long *last)
{
	unsigned long long now = cell_now();

	if (now - *last < cell_ticks_per_second())
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
