// SPDX-License-Identifier: MIT
/* A core's inbox of flagged rings: the post; the protocol and the drain are in inbox.h. */
#include <atomic.h>
#include <inbox.h>

bool inbox_post(struct inbox *in, unsigned int src)
{
	uint32_t bit = 1u << src;

	/* Release: the push before it is visible to the owner that takes the bit. */
	return !(atomic_fetch_or(&in->word, bit, __ATOMIC_SEQ_CST) & (INBOX_BUSY | bit));
}
