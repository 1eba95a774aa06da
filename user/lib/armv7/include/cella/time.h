/* SPDX-License-Identifier: MIT */
/*
 * Time at user level on ARMv7: the generic timer's virtual count and frequency,
 * which the kernel lets user level read (CNTKCTL).
 */
#pragma once

/** counter_now() - the virtual count (CNTVCT). */
static inline unsigned long long counter_now(void)
{
	unsigned int lo, hi;

	__asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return (unsigned long long)hi << 32 | lo;
}

/** counter_frequency() - counts per second (CNTFRQ). */
static inline unsigned int counter_frequency(void)
{
	unsigned int f;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
	return f;
}
