// SPDX-License-Identifier: MIT
/*
 * The system-call fuzzer, run by the root task when booted with `fuzz`
 * (`fuzz_seed=N` sets the seed, `fuzz_calls=N` the calls on all cores
 * together). On every core a fuzzer thread works from an address space of
 * its own: its own kernel-memory quota and quota of spaces, the root image
 * mapped read-only and executable, a private read-write page for its state
 * and stack. It makes bursts of random system calls with random arguments,
 * and between them builds and tears down object graphs (fuzz_graph.c).
 * Beside it, a canary thread of the root task on the same core wakes every
 * millisecond and counts. Afterwards the root task checks, per core, that
 * every call returned, the canary ran throughout and each kind of structure
 * was built and torn down; the kernel must survive whatever the calls were.
 * A board of one core (versatilepb) runs one fuzzer: its server is never
 * moved (fuzz_graph.c), so that result skips. Its kernel has no VCPUs: the
 * random VCPU calls it makes are refused (ERR_NO_SYSCALL) like any unknown.
 *
 * The fuzzer never writes the image (it is mapped read-only), so it cannot
 * reach the root task's memory; it keeps everything on its own page.
 */
#include <stdbool.h>

#include <shared/bootargs.h>
#include <shared/string.h>

#include <cella/lib.h>

#include "fuzz.h"
#include "root.h"

#define FUZZ_PRIO     40
#define CANARY_PRIO   60
#define STATE_ADDR    (USER_BASE + 0x00a00000) /* in a fuzzer's space: its page (state, then stack) */
#define STATE_SIZE    0x00010000
#define FUZZ_QUOTA    (64u << 10)
/* Spaces each may create: with its own, 4 x 13 of the 64 VMIDs of core 0
 * (ARMv7) or of the 64 first-level tables (ARMv5). */
#define FUZZ_SPACES   12
#define SPACEMEM_SIZE (1u << 20)  /* memory each may make spaces of (fuzz_graph.c) */
#define POOL_SIZE     (16u << 10) /* a memory object the random calls may split, map, donate */
#define DEFAULT_CALLS 100000
#define MAX_WAIT_US   200 /* IPC timeouts and sleeps are bounded: every call returns */
#define FIRST_SLOT    4	  /* the random calls aim at slots from here: below are the fuzzer's own */
#define HANDLE_RANGE  40
#define BURST_MAX     256 /* random calls between two structure operations */
/* The wait for the fuzzers: a minute and a millisecond a call, far longer than
 * any run takes (tools/kfuzz.py waits twice this for the report). */
#define WAIT_MS_BASE  60000
#define CALLS_PER_MS  1

static volatile unsigned int canary[4];
static volatile int canaries_stop;

/* A handle-like value: mostly small slots with a plausible generation. */
static unsigned int handle_arg(unsigned int *x)
{
	unsigned int r = xorshift32(x);

	if (r % 8 == 0)
		return xorshift32(x);
	return (FIRST_SLOT + (r >> 8) % HANDLE_RANGE) | ((r >> 16) % 3) << 12;
}

/* A pointer-like value: into the fuzzer's page, the image, or anywhere. */
static unsigned int pointer_arg(unsigned int *x)
{
	unsigned int r = xorshift32(x);

	switch (r % 4) {
	case 0:
		return STATE_ADDR + (xorshift32(x) % STATE_SIZE);
	case 1:
		return ROOT_IMAGE_ADDR + (xorshift32(x) % 0x20000);
	default:
		return xorshift32(x);
	}
}

static unsigned int any_arg(unsigned int *x)
{
	unsigned int r = xorshift32(x);

	switch (r % 4) {
	case 0:
		return r >> 24; /* small numbers: cores, priorities, rights */
	case 1:
		return handle_arg(x);
	case 2:
		return pointer_arg(x);
	default:
		return xorshift32(x);
	}
}

/* svc #0 with all seven argument registers. */
static int syscall7(unsigned int nr, const unsigned int *a)
{
	register unsigned int r0 __asm__("r0") = a[0];
	register unsigned int r1 __asm__("r1") = a[1];
	register unsigned int r2 __asm__("r2") = a[2];
	register unsigned int r3 __asm__("r3") = a[3];
	register unsigned int r4 __asm__("r4") = a[4];
	register unsigned int r5 __asm__("r5") = a[5];
	register unsigned int r6 __asm__("r6") = a[6];
	register unsigned int r7 __asm__("r7") = nr;

	__asm__ volatile("svc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
			 : "r"(r7)
			 : "memory");
	return (int)r0;
}

/*
 * Keep the call returning: no exit, bounded waits, and no console output
 * (debug_write with a length of 0 still checks its pointer).
 */
static void tame(unsigned int nr, unsigned int *a, unsigned int *x)
{
	a[6] = xorshift32(x) % 4 == 0 ? TIMEOUT_NONE : xorshift32(x) % MAX_WAIT_US;
	if (nr == SYS_SLEEP) {
		a[0] = xorshift32(x) % (MAX_WAIT_US * 1000);
		a[1] = 0;
	}
	if (nr == SYS_DEBUG_WRITE)
		a[1] = 0;
}

/* A thread a fuzzer started: it may fault (reported), or yield and exit. */
static void fuzz_child(unsigned int unused)
{
	sys_yield();
	sys_thread_exit();
}

/* The calls that return a new handle. */
static bool makes_handle(unsigned int nr)
{
	switch (nr) {
	case SYS_THREAD_CREATE:
	case SYS_HANDLE_COPY:
	case SYS_SPACE_CREATE:
	case SYS_MEMORY_SPLIT:
	case SYS_ENDPOINT_CREATE:
	case SYS_NOTIFY_CREATE:
	case SYS_IRQ_CREATE:
	case SYS_VCPU_CREATE:
		return true;
	default:
		return false;
	}
}

/*
 * Keep @h, a handle a random call made, closing the oldest kept: what the
 * random calls leave open stays bounded, so the structure operations find
 * room in the table and pool. (A copy into another space names a slot of
 * that table: closing it here closes whatever that names here, if anything,
 * but never the fuzzer's own handles.)
 */
static void keep(struct fuzz_state *st, int h)
{
	unsigned int i = st->kept_next++ % FUZZ_KEPT;

	if ((handle_t)h == st->space || (handle_t)h == st->image || (handle_t)h == st->spacemem)
		return;
	if (st->kept[i])
		fuzz_count(st, sys_handle_close(st->kept[i]));
	st->kept[i] = h;
}

/* @n random calls with random arguments (fewer if the budget ends first). */
static void fuzz_random(struct fuzz_state *st, unsigned int *x, unsigned int n)
{
	unsigned int a[FUZZ_ARGS];

	for (; n > 0 && st->returned < st->calls; n--) {
		unsigned int nr = xorshift32(x) % (SYS_COUNT + 2);

		if (nr == SYS_THREAD_EXIT)
			nr = SYS_YIELD;
		/*
		 * It holds handles to its own space among those the random calls aim
		 * at (they create threads in it, map into it): destroying it would end
		 * the run's structure operations, so what they destroy is the newest
		 * space they made themselves, if any.
		 */
		if (nr == SYS_SPACE_DESTROY && !st->made_space)
			nr = SYS_YIELD;
		for (int k = 0; k < FUZZ_ARGS; k++)
			a[k] = any_arg(x);
		if (nr == SYS_THREAD_START && xorshift32(x) % 2)
			a[1] = (unsigned int)fuzz_child;
		tame(nr, a, x);
		if (nr == SYS_SPACE_DESTROY)
			a[0] = st->made_space;
		st->last_nr = nr;
		memcpy(st->last_args, a, sizeof(a));
		int r = fuzz_count(st, syscall7(nr, a));

		if (r > 0 && makes_handle(nr))
			keep(st, r);
		if (r > 0 && nr == SYS_SPACE_CREATE)
			st->made_space = (handle_t)r;
		if (nr == SYS_SPACE_DESTROY && r == 0)
			st->made_space = 0; /* closed by the call */
	}
}

/*
 * Put handle *@h back in its slot under the next generation: the random calls
 * pass small numbers everywhere, which name only generation 0, and its own
 * handles must outlive them. @h may be the space's own handle.
 */
static void reseat(struct fuzz_state *st, handle_t *h)
{
	int spare = sys_handle_copy(*h, st->space, RIGHTS_ALL, 0);

	sys_handle_close(*h);
	*h = sys_handle_copy(spare, h == &st->space ? (handle_t)spare : st->space, RIGHTS_ALL, 0);
	sys_handle_close(spare);
}

/* Random calls between structure operations, each kind in turn. */
static void fuzz_main(unsigned int state_addr)
{
	static void (*const structure[])(struct fuzz_state *, unsigned int *) = {
		fuzz_chain, fuzz_move, fuzz_space, fuzz_fill};
	struct fuzz_state *st = (struct fuzz_state *)state_addr;
	unsigned int x = st->seed ? st->seed : 1;

	reseat(st, &st->space);
	reseat(st, &st->image);
	reseat(st, &st->spacemem);
	/* A few objects of its own to aim at (all in its own quota). */
	fuzz_count(st, sys_endpoint_create());
	fuzz_count(st, sys_notify_create());
	for (unsigned int i = 0; st->returned < st->calls; i++) {
		st->op = i % 2 ? OP_CHAIN + i / 2 % (OP_COUNT - OP_CHAIN) : OP_RANDOM;
		if (st->op == OP_RANDOM)
			fuzz_random(st, &x, 1 + xorshift32(&x) % BURST_MAX);
		else
			structure[st->op - OP_CHAIN](st, &x);
	}
	__atomic_store_n(&st->done, 1, __ATOMIC_RELEASE);
	sys_thread_exit();
}

static void canary_main(unsigned int core)
{
	while (!canaries_stop) {
		__atomic_fetch_add(&canary[core], 1, __ATOMIC_RELAXED);
		sys_sleep(MS);
	}
	sys_thread_exit();
}

/*
 * Its handles, in this order: first its own (space, image read-only, memory
 * for spaces), which the random calls never aim at (FIRST_SLOT); then what
 * they aim at: the space again and a memory object.
 */
static int give_handles(struct fuzz_state *st, handle_t s, handle_t pool)
{
	int space = sys_handle_copy(s, s, RIGHTS_ALL, 0);
	int image =
		sys_handle_copy(boot_info->self_image, s, RIGHT_READ | RIGHT_EXEC | RIGHT_MAP, 0);
	int spacemem = sys_handle_copy(carve(SPACEMEM_SIZE), s, RIGHTS_ALL, 0);

	if (space < 0 || image < 0 || spacemem < 0 || sys_handle_copy(s, s, RIGHTS_ALL, 0) < 0 ||
	    sys_handle_copy(pool, s, RIGHTS_ALL, 0) < 0)
		return -1;
	st->space = space;
	st->image = image;
	st->spacemem = spacemem;
	st->spacemem_size = SPACEMEM_SIZE;
	return 0;
}

/* A fuzzer's space on @core: quota, image read-only, its page; the state's address in root. */
static struct fuzz_state *make_fuzzer(unsigned int core, unsigned int seed, unsigned int calls,
				      unsigned int cores)
{
	static const unsigned int RX = RIGHT_READ | RIGHT_EXEC, RW = RIGHT_READ | RIGHT_WRITE;
	handle_t page = carve(STATE_SIZE), pool = carve(POOL_SIZE);
	int s = sys_space_create(carve(FUZZ_QUOTA), FUZZ_SPACES);
	unsigned int root_view = USER_BASE + 0x00b00000 + core * STATE_SIZE;
	struct fuzz_state *st = (struct fuzz_state *)root_view;
	int t;

	if (s < 0 || sys_memory_map(s, boot_info->self_image, ROOT_IMAGE_ADDR, RX) ||
	    sys_memory_map(s, page, STATE_ADDR, RW) ||
	    sys_memory_map(boot_info->self_space, page, root_view, RW))
		return NULL;
	*st = (struct fuzz_state){.seed = seed * 2654435761u + core + 1,
				  .calls = calls,
				  .core = core,
				  .cores = cores};
	if (give_handles(st, s, pool) < 0)
		return NULL;
	t = sys_thread_create(s, core, FUZZ_PRIO, FUZZ_PRIO);
	if (t < 0 || sys_thread_start(t, fuzz_main, (void *)(STATE_ADDR + STATE_SIZE), STATE_ADDR))
		return NULL;
	return st;
}

static int run_done(struct fuzz_state **st, unsigned int cores)
{
	for (unsigned int c = 0; c < cores; c++)
		if (!__atomic_load_n(&st[c]->done, __ATOMIC_ACQUIRE))
			return 0;
	return 1;
}

static const char *const op_names[OP_COUNT] = {"random calls", "chain", "move", "space", "fill"};

static void report_stuck(const struct fuzz_state *st)
{
	printf("# cpu%u stuck after call %u, in the %s operation", st->core, st->returned,
	       op_names[st->op % OP_COUNT]);
	if (st->op == OP_RANDOM)
		printf(": call %u (0x%x, 0x%x, 0x%x, ...)", st->last_nr, st->last_args[0],
		       st->last_args[1], st->last_args[2]);
	printf("\n");
}

/* What the structure operations did on one core, and the results the test names. */
static void report_structure(const struct fuzz_state *st)
{
	const struct fuzz_counts *n = &st->n;
	unsigned int c = st->core;

	printf("fuzz: cpu%u: chains %u (%u cycles, %u links), %u run to their end, %u torn down; "
	       "%u moves, %u calls answered\n",
	       c, n->chains, n->cycles, n->links, n->chain_ends, n->chains_torn, n->moves,
	       n->move_calls);
	printf("fuzz: cpu%u: spaces %u (%u threads), %u closed (%u destroyed first); memory of "
	       "closed spaces reused %u, refused %u; quota refused %u\n",
	       c, n->spaces, n->space_threads, n->spaces_closed, n->spaces_destroyed,
	       n->space_reused, n->space_refused, n->space_dry);
	printf("fuzz: cpu%u: fills %u: table full %u, kernel memory dry %u, refilled %u; "
	       "pool not back %u, closes failed %u\n",
	       c, n->fills, n->table_full, n->kmem_dry, n->refills, n->kmem_lost, n->close_failed);
	ktap_result(n->chains > 0 && n->cycles > 0 && n->chain_ends > 0 &&
			    n->chains_torn == n->chains,
		    "fuzz_cpu%u_chains_built_and_torn_down", c);
	if (st->cores > 1)
		ktap_result(n->moves > 0 && n->move_calls > 0, "fuzz_cpu%u_moved_while_called", c);
	else /* nowhere to move to: fuzz_graph.c, move_thread() */
		ktap_result(1, "fuzz_cpu%u_moved_while_called # SKIP needs two cores or more", c);
	ktap_result(n->spaces > 0 && n->space_threads > 0 && n->spaces_closed == n->spaces,
		    "fuzz_cpu%u_spaces_built_and_closed", c);
	ktap_result(n->table_full > 0, "fuzz_cpu%u_handle_table_filled", c);
	ktap_result(n->kmem_dry > 0 && n->refills > 0, "fuzz_cpu%u_kmem_dry_and_reused", c);
	ktap_result(n->kmem_lost == 0 && n->close_failed == 0, "fuzz_cpu%u_kmem_came_back", c);
}

#define RESULTS_PER_CORE 8

static void report(struct fuzz_state **st, const unsigned int *canary_before, unsigned int cores)
{
	for (unsigned int c = 0; c < cores; c++) {
		unsigned int beats = canary[c] - canary_before[c];

		printf("fuzz: cpu%u: %u of %u calls returned, %u errors; canary %u beats\n", c,
		       st[c]->returned, st[c]->calls, st[c]->errors, beats);
		if (!st[c]->done)
			report_stuck(st[c]);
		ktap_result(st[c]->done && st[c]->returned >= st[c]->calls,
			    "fuzz_cpu%u_every_call_returned", c);
		ktap_result(beats > 0, "fuzz_cpu%u_canary_kept_running", c);
		report_structure(st[c]);
	}
}

/* Each core's share of @calls, the first ones taking what does not divide. */
static unsigned int share(unsigned int calls, unsigned int cores, unsigned int c)
{
	return calls / cores + (c < calls % cores);
}

void root_run_fuzz(void)
{
	unsigned int cores = boot_info->cores > 4 ? 4 : boot_info->cores;
	unsigned int seed = bootarg_u32("fuzz_seed", 1),
		     calls = bootarg_u32("fuzz_calls", DEFAULT_CALLS);
	unsigned int before[4], wait_ms = WAIT_MS_BASE + calls / cores / CALLS_PER_MS;
	struct fuzz_state *st[4];

	printf("fuzz: seed %u, %u calls on %u cores\n", seed, calls, cores);
	for (unsigned int c = 0; c < cores; c++)
		if (spawn_on(c, canary_main, CANARY_PRIO, c) < 0)
			printf("fuzz: no canary on cpu%u\n", c);
	sys_sleep(5 * MS);
	for (unsigned int c = 0; c < cores; c++) {
		before[c] = canary[c];
		st[c] = make_fuzzer(c, seed, share(calls, cores, c), cores);
		if (!st[c]) {
			printf("fuzz: cannot set up the fuzzer for cpu%u\n", c);
			return;
		}
	}
	for (unsigned int i = 0; i < wait_ms && !run_done(st, cores); i++)
		sys_sleep(MS);
	printf("KTAP version 1\n# system-call fuzzer\n");
	report(st, before, cores);
	printf("1..%u\n", RESULTS_PER_CORE * cores);
	canaries_stop = 1;
	printf("fuzz: finished\n");
}
