// SPDX-License-Identifier: MIT
/* A core's inbox of flagged rings: the post; the protocol and the drain are in inbox.h. */
#include <atomic.h>
#include <inbox.h>

bool inbox_post(struct inbox *in, unsigned int src)
{
	uint32_t bit = 1u << src, old = atomic_load(&in->word, __ATOMIC_RELAXED), new;

	/* Release: the push before it is visible to the owner that takes the bit. */
	do {
		new = old | bit;
		if (!(old & (INBOX_BUSY | INBOX_RUNG | bit)))
			new |= INBOX_RUNG; /* nobody has rung: we do */
	} while (!atomic_cmpxchg(&in->word, &old, new, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	return (new ^ old) & INBOX_RUNG;
}
