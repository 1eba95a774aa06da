// SPDX-License-Identifier: MIT
/*
 * The core-pair rings (kernel/smp/ring.c) and the doorbell protocol of the
 * inboxes (kernel/smp/inbox.c, inbox.h: flagged rings, a budget per source per
 * drain, deferral) with real threads under ThreadSanitizer: four host
 * threads stand in for four cores,
 * pinned round-robin to the host's processing units with hwloc, with one
 * ring per ordered pair. Every core sends numbered requests to every other
 * core and answers every request it gets; a futex-backed "SGI pending" flag
 * per core stands in for the doorbell interrupt. A core with nothing to do
 * sleeps until a doorbell comes, so a lost wake-up shows as a stall, which
 * the watchdog reports; a core with deferred sources serves them before
 * it sleeps, as the kernel's idle loop does. Every item is checked:
 * channel, sequence number, checksum and, for answers, the request it
 * answers; no drain may take more than INBOX_BUDGET items from one source. Exits non-zero on any
 * failed check or stall, and on any TSan report (__tsan_default_options).
 */
#include <hwloc.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <inbox.h>
#include <ring.h>

#define NCORES	      4
#define REQUESTS      40000	     /* per ordered pair of cores */
#define PER_CHANNEL   (2 * REQUESTS) /* requests one way, answers to the other's requests */
#define BURST	      24	     /* requests to each core between two returns to user mode */
#define STALL_SECONDS 20	     /* no progress for this long: a lost wake-up */

struct record {
	uint32_t seq; /* on its channel src -> dst, requests and answers */
	uint32_t ref; /* request number on src -> dst; answers: the request's */
	uint8_t src, dst, answer;
	uint32_t check;
	struct record *next; /* overflow list link, producer only */
};

/*
 * One per core. Cache lines by writer: what only this core writes (read by
 * the others), the doorbell line (set by others, cleared here), private state.
 */
struct core {
	uint32_t want_space[NCORES] __aligned(CACHE_LINE); /* [d]: waiting for room in ring to d */
	uint32_t progress;				   /* items handled, for the watchdog */
	uint32_t done;
	uint32_t pending __aligned(CACHE_LINE); /* "SGI pending": futex word */
	/* Private to the core's thread. */
	struct record *ovf_head[NCORES] __aligned(CACHE_LINE), *ovf_tail[NCORES];
	uint32_t sent[NCORES];	     /* [d]: items on channel to d so far */
	uint32_t requests[NCORES];   /* [d]: requests to d so far */
	uint32_t taken[NCORES];	     /* [s]: items from s handled */
	uint32_t answers_in[NCORES]; /* [s]: answers from s handled */
	uint64_t doorbells, listed;  /* SGIs sent; items that went through an overflow list */
	uint32_t deferred;	     /* sources over budget (inbox_drain()) */
	uint32_t this_drain[NCORES]; /* [s]: items from s in the drain under way */
	uint64_t deferrals;	     /* drains that left a source deferred */
	hwloc_obj_t pu;
};

static struct ring rings[NCORES][NCORES]; /* [src][dst] */
static struct inbox inboxes[NCORES];
static struct record pool[NCORES][NCORES][PER_CHANNEL];
static struct core cores[NCORES];
static uint32_t failures;

const char *__tsan_default_options(void);

/* Any ThreadSanitizer report ends the test with a failure, whoever runs it. */
const char *__tsan_default_options(void)
{
	return "halt_on_error=1:exitcode=66";
}

static void fail(const char *what, int s, int d, uint32_t a, uint32_t b)
{
	if (__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED) < 10)
		fprintf(stderr, "FAIL %s: channel %d->%d: %u, expected %u\n", what, s, d, a, b);
}

static uint32_t checksum(const struct record *r)
{
	uint32_t x = r->seq * 2654435761u ^ r->ref * 40503u;

	return x ^ ((uint32_t)r->src << 24 | (uint32_t)r->dst << 16 | r->answer);
}

static void fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static uint32_t read_flag(uint32_t *flag)
{
	return __atomic_load_n(flag, __ATOMIC_RELAXED);
}

static void write_flag(uint32_t *flag, uint32_t v)
{
	__atomic_store_n(flag, v, __ATOMIC_RELAXED);
}

/* The SGI stand-in. Relaxed, like the GIC: the fences and the ring order the data. */
static void send_sgi(int from, int to)
{
	cores[from].doorbells++;
	write_flag(&cores[to].pending, 1);
	syscall(SYS_futex, &cores[to].pending, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Take a pending SGI (acknowledge it) if there is one. */
static bool take_sgi(int c)
{
	return __atomic_exchange_n(&cores[c].pending, 0, __ATOMIC_RELAXED) != 0;
}

/* WFI: sleep until an SGI is pending, then take it. */
static void wait_sgi(int c)
{
	while (!take_sgi(c))
		syscall(SYS_futex, &cores[c].pending, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
}

/* After a push to @d: flag the ring; the doorbell unless @d will see the flag itself. */
static void doorbell(int p, int d)
{
	if (inbox_post(&inboxes[d], (unsigned int)p))
		send_sgi(p, d);
}

static void list_append(struct core *c, int d, struct record *r)
{
	r->next = NULL;
	if (c->ovf_head[d])
		c->ovf_tail[d]->next = r;
	else
		c->ovf_head[d] = r;
	c->ovf_tail[d] = r;
}

/* Push what fits of @p's overflow list for @d; clear want_space once it is empty. */
static void flush(int p, int d)
{
	struct core *c = &cores[p];
	bool pushed = false;

	while (c->ovf_head[d] && ring_push(&rings[p][d], c->ovf_head[d])) {
		c->ovf_head[d] = c->ovf_head[d]->next;
		pushed = true;
	}
	if (!c->ovf_head[d])
		write_flag(&c->want_space[d], 0);
	if (pushed)
		doorbell(p, d);
}

static void send(int p, int d, bool answer, uint32_t ref)
{
	struct core *c = &cores[p];
	struct record *r = &pool[p][d][c->sent[d]];

	*r = (struct record){.seq = c->sent[d]++, .ref = ref, .src = p, .dst = d, .answer = answer};
	r->check = checksum(r);
	if (c->ovf_head[d]) {
		c->listed++;
		list_append(c, d, r); /* behind the others, in order */
	} else if (ring_push(&rings[p][d], r)) {
		doorbell(p, d);
	} else {
		c->listed++;
		list_append(c, d, r);
		write_flag(&c->want_space[d], 1);
		fence();
		flush(p, d); /* the consumer may have made room meanwhile */
	}
}

static void handle(int d, int s, const struct record *r)
{
	struct core *c = &cores[d];

	if (r->src != s || r->dst != d)
		fail("misrouted", r->src, r->dst, s, d);
	if (r->seq != c->taken[s])
		fail("lost, duplicated or reordered", s, d, r->seq, c->taken[s]);
	if (r->check != checksum(r))
		fail("corrupted", s, d, r->check, checksum(r));
	if (r->answer && r->ref != c->answers_in[s]++)
		fail("answer out of order", s, d, r->ref, c->answers_in[s] - 1);
	c->taken[s]++;
	__atomic_store_n(&c->progress, c->progress + 1, __ATOMIC_RELAXED);
	if (!r->answer)
		send(d, s, true, r->ref);
}

/*
 * Handle at most @max of the items @s had sent to @d when looked at once,
 * as the kernel's take() does; then wake @s if it waits for room.
 */
static unsigned int take_from(void *ctx, unsigned int s, unsigned int max)
{
	int d = (int)(intptr_t)ctx;
	unsigned int n = ring_count(&rings[s][d]);

	if (n > max)
		n = max;
	for (unsigned int i = 0; i < n; i++)
		handle(d, (int)s, ring_pop(&rings[s][d]));
	cores[d].this_drain[s] += n;
	if (n) {
		fence();
		if (read_flag(&cores[s].want_space[d]))
			send_sgi(d, (int)s);
	}
	return n;
}

static bool ring_from_empty(void *ctx, unsigned int s)
{
	return ring_empty(&rings[s][(int)(intptr_t)ctx]);
}

static void flush_all(void *ctx)
{
	int d = (int)(intptr_t)ctx;

	for (int q = 0; q < NCORES; q++)
		if (q != d && cores[d].ovf_head[q])
			flush(d, q);
}

static const struct inbox_ops ops = {
	.take = take_from, .empty = ring_from_empty, .pass = flush_all};

/* The kernel's drain, in the SGI handler (@all: the tick's and idle's, deferred sources too). */
static void drain(int d, bool all)
{
	struct core *c = &cores[d];

	for (int s = 0; s < NCORES; s++)
		c->this_drain[s] = 0;
	c->deferred = inbox_drain(&inboxes[d], all ? 0 : c->deferred, &ops, (void *)(intptr_t)d);
	c->deferrals += c->deferred != 0;
	for (int s = 0; s < NCORES; s++)
		if (c->this_drain[s] > INBOX_BUDGET)
			fail("one drain over the budget", s, d, c->this_drain[s], INBOX_BUDGET);
}

/* WFI, unless sources are deferred: then serve them, as the idle loop does. */
static void idle(int c)
{
	if (cores[c].deferred)
		drain(c, true);
	else
		wait_sgi(c);
	take_sgi(c);
	drain(c, false);
}

static bool finished(int c)
{
	for (int q = 0; q < NCORES; q++)
		if (q != c && (cores[c].ovf_head[q] || cores[c].taken[q] != PER_CHANNEL))
			return false;
	return true;
}

/* Whether core @c has more than @window requests to some core still unanswered. */
static bool waiting_for_answers(int c, uint32_t window)
{
	for (int d = 0; d < NCORES; d++)
		if (cores[c].requests[d] - cores[c].answers_in[d] > window)
			return true;
	return false;
}

/*
 * The user thread: bursts of requests to every other core, at most two
 * bursts unanswered, so that rings sometimes fill and sometimes not.
 */
static void user_sends(int c)
{
	for (int i = 0; i < REQUESTS; i++) {
		for (int k = 1; k < NCORES; k++) {
			int d = (c + k) % NCORES;

			send(c, d, false, cores[c].requests[d]++);
		}
		if (i % BURST != BURST - 1)
			continue;
		if (take_sgi(c)) /* interrupts were masked: the pending SGI is taken now */
			drain(c, false);
		if (i % (8 * BURST) == 0) /* a tick */
			drain(c, true);
		while (waiting_for_answers(c, BURST))
			idle(c); /* woken by doorbells only */
	}
	drain(c, true);
}

static hwloc_topology_t topology;

static void *core_main(void *arg)
{
	int c = (int)(intptr_t)arg;

	if (hwloc_set_cpubind(topology, cores[c].pu->cpuset, HWLOC_CPUBIND_THREAD) != 0)
		fail("hwloc_set_cpubind", c, c, 0, 0);
	user_sends(c);
	while (!finished(c))
		idle(c);
	__atomic_store_n(&cores[c].done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void report_stall(void)
{
	fprintf(stderr, "FAIL stall: no progress for %d s (lost wake-up?)\n", STALL_SECONDS);
	for (int c = 0; c < NCORES; c++)
		fprintf(stderr, "  core %d: done %u, handled %u, pending %u, inbox %#x\n", c,
			read_flag(&cores[c].done), read_flag(&cores[c].progress),
			read_flag(&cores[c].pending), read_flag(&inboxes[c].word));
	_exit(1);
}

/* Until every core is done; exits the test if none makes progress for STALL_SECONDS. */
static void watchdog(void)
{
	uint64_t last = 0, now;
	int still = 0, done;

	do {
		usleep(10000);
		now = done = 0;
		for (int c = 0; c < NCORES; c++) {
			now += read_flag(&cores[c].progress);
			done += __atomic_load_n(&cores[c].done, __ATOMIC_ACQUIRE);
		}
		still = now == last ? still + 1 : 0;
		last = now;
		if (still > STALL_SECONDS * 100)
			report_stall();
	} while (done < NCORES);
}

static void check_totals(void)
{
	for (int p = 0; p < NCORES; p++)
		for (int d = 0; d < NCORES; d++) {
			if (p == d)
				continue;
			if (cores[p].sent[d] != PER_CHANNEL)
				fail("sent", p, d, cores[p].sent[d], PER_CHANNEL);
			if (cores[d].taken[p] != PER_CHANNEL)
				fail("handled", p, d, cores[d].taken[p], PER_CHANNEL);
			if (!ring_empty(&rings[p][d]))
				fail("ring left non-empty", p, d, 1, 0);
		}
}

/* Core c runs on processing unit c mod (how many hwloc reports). */
static int place_cores(void)
{
	int pus;

	if (hwloc_topology_init(&topology) || hwloc_topology_load(topology))
		return -1;
	pus = hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PU);
	if (pus < 1)
		return -1;
	for (int c = 0; c < NCORES; c++)
		cores[c].pu = hwloc_get_obj_by_type(topology, HWLOC_OBJ_PU, c % pus);
	return pus;
}

int main(void)
{
	pthread_t t[NCORES];
	uint64_t doorbells = 0, listed = 0, deferrals = 0;
	int pus = place_cores();

	if (pus < 0) {
		fprintf(stderr, "FAIL hwloc: no topology\n");
		return 1;
	}
	for (int p = 0; p < NCORES; p++)
		for (int d = 0; d < NCORES; d++)
			ring_init(&rings[p][d]);
	for (int c = 0; c < NCORES; c++)
		if (pthread_create(&t[c], NULL, core_main, (void *)(intptr_t)c))
			return 1;
	watchdog();
	for (int c = 0; c < NCORES; c++) {
		pthread_join(t[c], NULL);
		doorbells += cores[c].doorbells;
		listed += cores[c].listed;
		deferrals += cores[c].deferrals;
	}
	check_totals();
	printf("ring_threads: %d cores on %d PUs, %d items, %llu doorbells, %llu via overflow lists, "
	       "%llu drains deferring: %s\n",
	       NCORES, pus, NCORES * (NCORES - 1) * PER_CHANNEL, (unsigned long long)doorbells,
	       (unsigned long long)listed, (unsigned long long)deferrals,
	       failures ? "FAILED" : "ok");
	hwloc_topology_destroy(topology);
	return failures ? 1 : 0;
}
