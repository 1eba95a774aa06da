/* SPDX-License-Identifier: MIT */
/*
 * A core's inbox: one word saying which rings to the core (kernel/smp/xcall.c)
 * may hold requests, and the drain that serves them within a budget.
 * Portable: the host tests drive the same code with real threads.
 *
 * The word: bit p says the ring from core p may hold requests; INBOX_BUSY
 * says the owner is draining; INBOX_RUNG says a doorbell was rung since the
 * owner's last collect. Written by every core that sends to the owner (so
 * it has a cache line of its own) and by the owner, only by atomic
 * read-modify-writes, which are sequentially consistent:
 * - a producer pushes, then sets its bit (inbox_post()); if the old word had
 *   none of INBOX_BUSY, INBOX_RUNG and its bit, it sets INBOX_RUNG in the
 *   same step and rings the doorbell;
 * - the owner takes the bits with an exchange that leaves only INBOX_BUSY
 *   (INBOX_RUNG cleared: this collect saw every bit posted so far), serves
 *   those rings, and ends with a compare-and-exchange from INBOX_BUSY (plus
 *   the bits it keeps); if other bits came meanwhile it serves them first.
 *   INBOX_RUNG is never set while INBOX_BUSY is.
 * All of them modify one word, so every post falls before the owner's end
 * (the owner sees the bit and serves the ring) or after it (the producer
 * sees no INBOX_BUSY and rings, or finds INBOX_RUNG: the next collect, by
 * whichever drain, sees the bit; the doorbell's own drain may then find
 * nothing). A bit already set has a doorbell on its way or is deferred
 * (below). So cores sending to one owner at once ring it once, not once
 * each: the owner takes one interrupt for all of them. The release of a
 * post and the acquire of the exchange order the push before the owner's
 * pop. stress/model/doorbell.pml checks the protocol with SPIN.
 *
 * Budget: one drain takes at most INBOX_BUDGET requests from each source,
 * so the time it runs with interrupts masked is bounded. A source with more
 * left is deferred: its bit stays set when the drain ends, so its producer
 * rings no doorbell for it, and drains started by a doorbell skip it. The
 * owner serves deferred sources at its tick, or at once when it has nothing
 * else to run: a core flooded with requests keeps its time for its threads.
 */
#pragma once

#include <atomic.h>
#include <compiler.h>
#include <config.h>
#include <ring.h>
#include <types.h>

#define INBOX_BUSY   (1u << 31)
#define INBOX_RUNG   (1u << 30)
#define INBOX_BUDGET RING_SLOTS /* requests from one source in one drain */

STATIC_ASSERT(CONFIG_MAX_CPUS <= 30, "a bit per source core below INBOX_RUNG");

struct inbox {
	uint32_t word; /* bit p: ring from core p; INBOX_BUSY: draining; INBOX_RUNG: rung */
} __aligned(CACHE_LINE);

/** inbox_post() - core @src pushed to @in's owner: true if it must ring the doorbell. */
bool inbox_post(struct inbox *in, unsigned int src);

/*
 * What a drain does with its owner's rings. The budget and the deferral are
 * the drain's (below, host-tested), not the callbacks'.
 */
struct inbox_ops {
	/* Handle at most @max requests from @src (@max > 0); how many there were. */
	unsigned int (*take)(void *ctx, unsigned int src, unsigned int max);
	/* Whether the ring from @src is empty now. */
	bool (*empty)(void *ctx, unsigned int src);
	/* Once per pass over the rings, before the drain may end. */
	void (*pass)(void *ctx);
};

/*
 * The flagged sources, leaving INBOX_BUSY (INBOX_RUNG cleared). Acquire:
 * pushes posted before it are visible. Its leading barrier also orders the ring reads after whatever
 * brought the owner here (the doorbell's acknowledgement).
 */
static inline uint32_t inbox_collect(struct inbox *in)
{
	return atomic_exchange(&in->word, INBOX_BUSY, __ATOMIC_SEQ_CST) &
	       ~(INBOX_BUSY | INBOX_RUNG);
}

/* End the drain keeping @over's bits set; false, with *@more collected, if others came. */
static inline bool inbox_finish(struct inbox *in, uint32_t over, uint32_t *more)
{
	uint32_t seen = INBOX_BUSY;

	while (!atomic_cmpxchg(&in->word, &seen, over, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
		if (seen & ~(INBOX_BUSY | over)) {
			*more = inbox_collect(in) & ~over;
			return false;
		}
	}
	return true;
}

/**
 * inbox_drain() - serve the sources flagged in @in, except those in @skip,
 * at most INBOX_BUDGET requests each; returns the sources deferred (@skip's
 * among them), whose bits stay set. Owner only. Inline: with @ops a
 * constant, its callbacks are inlined too (the doorbell's drain, xcall.c).
 */
static __always_inline uint32_t inbox_drain(struct inbox *in, uint32_t skip,
					    const struct inbox_ops *ops, void *ctx)
{
	unsigned int left[CONFIG_MAX_CPUS];
	uint32_t todo = inbox_collect(in) & ~skip, over = skip;

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
	} while (!inbox_finish(in, over, &todo));
	return over;
}
