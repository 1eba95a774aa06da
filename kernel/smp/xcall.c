// SPDX-License-Identifier: MIT
/*
 * Cross-core requests: rings per ordered pair of cores, doorbell IPIs with
 * batching, overflow queues for full rings. The protocol and its memory
 * ordering are described in xcall.h; each fence below names its partner.
 */
#include <atomic.h>
#include <cpu.h>
#include <inbox.h>
#include <irq.h>
#include <kobj.h>
#include <panic.h>
#include <ring.h>
#include <sched.h>
#include <smp.h>
#include <thread.h>
#include <timer.h>
#include <xcall.h>

/*
 * rings[p][d] carries requests from core p to core d: p writes head and
 * the slots, d writes tail (ordering in ring.h). The diagonal is unused.
 */
static struct ring rings[CONFIG_MAX_CPUS][CONFIG_MAX_CPUS];

/* inboxes[d]: which rings to core d may hold requests (inbox.h: written by every core). */
static struct inbox inboxes[CONFIG_MAX_CPUS];

static void fence(void)
{
	atomic_fence(__ATOMIC_SEQ_CST); /* dmb ish on armv7 */
}

void xcall_init(void)
{
	for (cpuid_t p = 0; p < CONFIG_MAX_CPUS; p++)
		for (cpuid_t d = 0; d < CONFIG_MAX_CPUS; d++)
			ring_init(&rings[p][d]);
}

/* The drain inlined here: the doorbell's is the drain that counts (the other is serve_deferred()). */
static __flatten void on_doorbell(unsigned int irq, cpuid_t src)
{
	xcall_drain();
}

void xcall_init_cpu(void)
{
	struct cpu *me = this_cpu();

	for (cpuid_t d = 0; d < CONFIG_MAX_CPUS; d++)
		list_init(&me->xlocal.overflow[d]);
	if (me->id == 0)
		irq_register(IPI_XCALL, on_doorbell);
}

/* After a push to @dst: flag our ring and ring @dst unless it will see the flag itself. */
static void doorbell(cpuid_t dst)
{
	struct cpu *me = this_cpu();

	if (!inbox_post(&inboxes[dst], me->id))
		return;
	me->xlocal.doorbells++;
	irq_send_ipi(dst, IPI_XCALL);
}

/* Move what fits from the overflow queue for @dst into the ring. */
static bool flush(cpuid_t dst)
{
	struct cpu *me = this_cpu();
	struct list *q = &me->xlocal.overflow[dst];
	bool pushed = false;

	while (!list_empty(q)) {
		struct xreq *req = list_entry(q->next, struct xreq, link);

		/*
		 * Off the queue before it is pushed: once in the ring the target
		 * may take it, reuse its link (a teardown queue) or free it, and
		 * nothing of ours may touch it again.
		 */
		list_remove(&req->link);
		if (!ring_push(&rings[me->id][dst], req)) {
			list_add_head(q, &req->link);
			break;
		}
		pushed = true;
	}
	/* Cleared only if set: others read this line, a needless store bounces it. */
	if (list_empty(q) && me->xshared.want_space[dst]) {
		atomic_store(&me->xshared.want_space[dst], 0, __ATOMIC_RELAXED);
		me->xlocal.queued &= ~(1u << dst);
	}
	return pushed;
}

/* The ring to @dst is full: queue @req and ask @dst to call us back. */
static void overflow(cpuid_t dst, struct xreq *req)
{
	struct cpu *me = this_cpu();

	list_add_tail(&me->xlocal.overflow[dst], &req->link);
	me->xlocal.queued |= 1u << dst;
	atomic_store(&me->xshared.want_space[dst], 1, __ATOMIC_RELAXED);
	/* Pairs with the fence in take() after the consumer popped. */
	fence();
	if (flush(dst))
		doorbell(dst);
}

void xcall_send(cpuid_t dst, struct xreq *req)
{
	struct cpu *me = this_cpu();

	BUG_ON(dst >= CONFIG_MAX_CPUS);
	BUG_ON(dst == me->id); /* two tests: two branches, no flags folded together */
	me->xlocal.sent++;
	/* queued's bit is set while overflow[dst] holds anything (flush()): one test of a word. */
	if (unlikely(me->xlocal.queued & (1u << dst)) || !ring_push(&rings[me->id][dst], req)) {
		overflow(dst, req); /* keeps the order: behind what already waits */
		return;
	}
	doorbell(dst);
}

/*
 * Handle at most @max requests from the ring from @src, those it held when
 * looked at once: one that came since has its bit in the inbox again, and
 * the drain comes back for it (inbox.h). Returns how many were handled.
 */
static unsigned int take(void *ctx, unsigned int src, unsigned int max)
{
	struct cpu *me = ctx;
	struct ring *r = &rings[src][me->id];
	unsigned int n = ring_count(r);

	if (!n)
		return 0;
	if (n > max)
		n = max;
	for (unsigned int i = 0; i < n; i++)
		xcall_handle(ring_pop(r));
	me->xlocal.handled += n;
	/* Pairs with the fence in overflow() after want_space = 1. */
	fence();
	if (atomic_load(&cpus[src].xshared.want_space[me->id], __ATOMIC_RELAXED))
		irq_send_ipi(src, IPI_XCALL);
	return n;
}

static bool empty(void *ctx, unsigned int src)
{
	const struct cpu *me = ctx;

	return ring_empty(&rings[src][me->id]);
}

/* Push what waits in our overflow queues, flagged in @queued. */
static __noinline void flush_queued(uint32_t queued)
{
	for (uint32_t q = queued; q; q &= q - 1) {
		cpuid_t dst = (cpuid_t)__builtin_ctz(q);

		if (flush(dst))
			doorbell(dst);
	}
}

/* After each pass of a drain: nearly always no queue holds anything (no frame then). */
static void pass(void *ctx)
{
	struct cpu *me = ctx;

	if (unlikely(me->xlocal.queued))
		flush_queued(me->xlocal.queued);
}

static const struct inbox_ops ops = {.take = take, .empty = empty, .pass = pass};

void xcall_drain(void)
{
	struct cpu *me = this_cpu();

	me->xlocal.deferred = inbox_drain(&inboxes[me->id], me->xlocal.deferred, &ops, me);
	if (unlikely(me->xlocal.deferred) && me->sched.tick_off) /* they wait for a tick */
		timer_tick_update();
}

/* The drain of requests the budget put off: rare, kept out of the idle loop. */
static __noinline void serve_deferred(struct cpu *me)
{
	me->xlocal.deferrals++;
	me->xlocal.deferred = inbox_drain(&inboxes[me->id], 0, &ops, me);
}

bool xcall_serve_deferred(void)
{
	struct cpu *me = this_cpu();

	if (likely(!me->xlocal.deferred))
		return false;
	serve_deferred(me);
	return true;
}
