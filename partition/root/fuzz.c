// SPDX-License-Identifier: MIT
/*
 * The system-call fuzzer, run by the root task when booted with `fuzz`
 * (`fuzz_seed=N` and `fuzz_calls=N` set the seed and the calls per core).
 * On every core a fuzzer thread makes random system calls with random
 * arguments from an address space of its own: its own kernel-memory quota,
 * the root image mapped read-only and executable, a private read-write
 * page for its state and stack. Beside it, a canary thread of the root task
 * on the same core wakes every millisecond and counts. Afterwards the root
 * task checks, per core, that every call returned and the canary ran
 * throughout; the kernel must survive whatever the calls were.
 *
 * The fuzzer never writes the image (it is mapped read-only), so it cannot
 * reach the root task's memory; it keeps everything on its own page.
 */
#include <bootargs.h>
#include <kstring.h>

#include <cella/lib.h>

#include "root.h"

#define FUZZ_PRIO     40
#define CANARY_PRIO   60
#define STATE_ADDR    0x00a00000 /* in a fuzzer's space: its page (state, then stack) */
#define STATE_SIZE    0x00010000
#define FUZZ_QUOTA    (64u << 10)
#define POOL_SIZE     (64u << 10) /* a memory object each fuzzer may split, map, donate */
#define DEFAULT_CALLS 100000
#define MAX_WAIT_US   200 /* IPC timeouts and sleeps are bounded: every call returns */
#define HANDLE_RANGE  40
#define ARGS	      7

/* A fuzzer's page: written by the fuzzer, read by the root task. */
struct fuzz_state {
	unsigned int seed, calls;
	unsigned int returned; /* calls that came back */
	unsigned int errors;   /* of those, how many returned an error */
	unsigned int done;
	unsigned int core;
	unsigned int last_nr, last_args[ARGS]; /* the call in progress, for a report */
};

static volatile unsigned int canary[4];
static volatile int canaries_stop;

/* A handle-like value: mostly small slots with a plausible generation. */
static unsigned int handle_arg(unsigned int *x)
{
	unsigned int r = xorshift32(x);

	if (r % 8 == 0)
		return xorshift32(x);
	return (r >> 8) % HANDLE_RANGE | ((r >> 16) % 3) << 12;
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

static void fuzz_main(unsigned int state_addr)
{
	struct fuzz_state *st = (struct fuzz_state *)state_addr;
	unsigned int x = st->seed ? st->seed : 1;
	unsigned int a[ARGS];

	/* A few objects of its own to aim at (all in its own quota). */
	sys_endpoint_create();
	sys_notify_create();
	for (unsigned int i = 0; i < st->calls; i++) {
		unsigned int nr = xorshift32(&x) % (SYS_COUNT + 2);

		if (nr == SYS_THREAD_EXIT)
			nr = SYS_YIELD;
		for (int k = 0; k < ARGS; k++)
			a[k] = any_arg(&x);
		if (nr == SYS_THREAD_START && xorshift32(&x) % 2)
			a[1] = (unsigned int)fuzz_child;
		tame(nr, a, &x);
		st->last_nr = nr;
		memcpy(st->last_args, a, sizeof(a));
		if (syscall7(nr, a) < 0)
			st->errors++;
		__atomic_store_n(&st->returned, i + 1, __ATOMIC_RELEASE);
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

/* A fuzzer's space on @core: quota, image read-only, its page; the state's address in root. */
static struct fuzz_state *make_fuzzer(unsigned int core, unsigned int seed, unsigned int calls)
{
	static const unsigned int RX = RIGHT_READ | RIGHT_EXEC, RW = RIGHT_READ | RIGHT_WRITE;
	handle_t page = carve(STATE_SIZE), pool = carve(POOL_SIZE);
	int s = sys_space_create(carve(FUZZ_QUOTA), 0);
	unsigned int root_view = 0x00b00000 + core * STATE_SIZE;
	int t;

	if (s < 0 || sys_memory_map(s, boot_info->self_image, ROOT_IMAGE_ADDR, RX) ||
	    sys_memory_map(s, page, STATE_ADDR, RW) ||
	    sys_memory_map(boot_info->self_space, page, root_view, RW))
		return NULL;
	/* Handles it may use: its space and a memory object, in its own table. */
	sys_handle_copy(s, s, RIGHTS_ALL, 0);
	sys_handle_copy(pool, s, RIGHTS_ALL, 0);
	struct fuzz_state *st = (struct fuzz_state *)root_view;

	*st = (struct fuzz_state){
		.seed = seed * 2654435761u + core + 1, .calls = calls, .core = core};
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

static void report(struct fuzz_state **st, const unsigned int *canary_before, unsigned int cores)
{
	for (unsigned int c = 0; c < cores; c++) {
		unsigned int beats = canary[c] - canary_before[c];

		printf("fuzz: cpu%u: %u of %u calls returned, %u errors; canary %u beats\n", c,
		       st[c]->returned, st[c]->calls, st[c]->errors, beats);
		if (!st[c]->done)
			printf("# cpu%u stuck in call %u (0x%x, 0x%x, 0x%x, ...)\n", c,
			       st[c]->last_nr, st[c]->last_args[0], st[c]->last_args[1],
			       st[c]->last_args[2]);
		ktap_result(st[c]->done && st[c]->returned == st[c]->calls,
			    "fuzz_cpu%u_every_call_returned", c);
		ktap_result(beats > 0, "fuzz_cpu%u_canary_kept_running", c);
	}
}

void root_run_fuzz(void)
{
	unsigned int cores = boot_info->cores > 4 ? 4 : boot_info->cores;
	unsigned int seed = bootarg_u32("fuzz_seed", 1),
		     calls = bootarg_u32("fuzz_calls", DEFAULT_CALLS);
	unsigned int before[4];
	struct fuzz_state *st[4];

	printf("fuzz: seed %u, %u calls per core on %u cores\n", seed, calls, cores);
	for (unsigned int c = 0; c < cores; c++)
		if (spawn_on(c, canary_main, CANARY_PRIO, c) < 0)
			printf("fuzz: no canary on cpu%u\n", c);
	sys_sleep(5 * MS);
	for (unsigned int c = 0; c < cores; c++) {
		before[c] = canary[c];
		st[c] = make_fuzzer(c, seed, calls);
		if (!st[c]) {
			printf("fuzz: cannot set up the fuzzer for cpu%u\n", c);
			return;
		}
	}
	for (int i = 0; i < 60000 && !run_done(st, cores); i++)
		sys_sleep(MS);
	printf("KTAP version 1\n# system-call fuzzer\n");
	report(st, before, cores);
	printf("1..%u\n", 2 * cores);
	canaries_stop = 1;
	printf("fuzz: finished\n");
}
