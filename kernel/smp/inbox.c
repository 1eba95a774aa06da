// SPDX-License-Identifier: MIT
/* A core's inbox of flagged rings and its budgeted drain; the protocol is in inbox.h. */
#include <atomic.h>
#include <inbox.h>

bool inbox_post(struct inbox *in, unsigned int src)
{
	uint32_t bit = 1u << src;

	/* Release: the push before it is visible to the owner that takes the bit. */
	return !(atomic_fetch_or(&in->word, bit, __ATOMIC_SEQ_CST) & (INBOX_BUSY | bit));
}

/*
 * The flagged sources, leaving INBOX_BUSY. Acquire: pushes posted before it
 * are visible. Its leading barrier also orders the ring reads after whatever
 * brought the owner here (the doorbell's acknowledgement).
 */
static uint32_t collect(struct inbox *in)
{
	return atomic_exchange(&in->word, INBOX_BUSY, __ATOMIC_SEQ_CST) & ~INBOX_BUSY;
}

/* End the drain keeping @over's bits set; false, with *@more collected, if others came. */
static bool finish(struct inbox *in, uint32_t over, uint32_t *more)
{
	uint32_t seen = INBOX_BUSY;

	while (!atomic_cmpxchg(&in->word, &seen, over, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
		if (seen & ~(INBOX_BUSY | over)) {
			*more = collect(in) & ~over;
			return false;
		}
	}
	return true;
}

uint32_t inbox_drain(struct inbox *in, uint32_t skip, const struct inbox_ops *ops, void *ctx)
{
	unsigned int left[CONFIG_MAX_CPUS];
	uint32_t todo = collect(in) & ~skip, over = skip;

	for (unsigned int src = 0; src < CONFIG_MAX_CPUS; src++)
		left[src] = INBOX_BUDGET;
	do {
		for (; todo; todo &= todo - 1) {
			unsigned int src = (unsigned int)__builtin_ctz(todo);

			/*
			 * A source whose budget is spent with requests left is
			 * deferred, also when an earlier pass of this drain spent
			 * it and the source posted again since: its bit is taken
			 * and its producer rang no doorbell (the drain was busy).
			 */
			if (left[src])
				left[src] -= ops->take(ctx, src, left[src]);
			if (!left[src] && !ops->empty(ctx, src))
				over |= 1u << src;
		}
		ops->pass(ctx);
	} while (!finish(in, over, &todo));
	return over;
}
