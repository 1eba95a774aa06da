/* SPDX-License-Identifier: MIT */
/*
 * The test records the stream programs exchange (the native producer and
 * consumer, `cella-guest channel send|recv`): record n is n itself, then
 * words derived from n, so a reader tells a lost, repeated or damaged
 * record from a good one whoever wrote it.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

static inline uint32_t stream_pattern_word(uint32_t n, size_t i)
{
	return n * 2654435761u + (uint32_t)i;
}

/* Record @n as @words words (at least one) into @w. */
static inline void stream_pattern_fill(uint32_t *w, size_t words, uint32_t n)
{
	w[0] = n;
	for (size_t i = 1; i < words; i++)
		w[i] = stream_pattern_word(n, i);
}

/* Whether the @words words at @w are a record of the pattern (its number is w[0]). */
static inline int stream_pattern_ok(const uint32_t *w, size_t words)
{
	for (size_t i = 1; i < words; i++)
		if (w[i] != stream_pattern_word(w[0], i))
			return 0;
	return words > 0;
}
