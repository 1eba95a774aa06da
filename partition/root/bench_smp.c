// SPDX-License-Identifier: MIT
/*
 * Cross-core benchmarks (run after bench.c's, under icount): the IPC round
 * trip between a caller and a server on different cores, and the cost per
 * message with 1..4 concurrent client/server pairs, each client on core i
 * and its server on core i + 1 (mod the core count). Under icount virtual
 * time is global, so a counter delta is the total instructions executed by
 * every core meanwhile (DESIGN.md, Measuring); waiting cores sit in WFI
 * and add nothing. Also the doorbell SGIs rung per message at 4 pairs,
 * and what a core flooded with signals from another core keeps for its own
 * threads (bench_flood(), below).
 */
#include <cella/lib.h>

#include "root.h"

#define PAIR_CALLS   2000
#define WORKER_PRIO  (ROOT_PRIO + 10)
#define MAXC	     4
#define FLOOD_VICTIM 1		     /* the flooded core, running the spinner */
#define FLOOD_CORE   3		     /* the flooding core */
#define FLOOD_WINDOW (20 * MS)	     /* virtual time the spinner's rate is taken over */
#define FLOOD_GAP    2000	     /* counter ticks (32,000 instructions): see spinner() */
#define FLOOD_STACK  0x00700000	     /* in the flooder's space */
#define FLOOD_PRIO   (ROOT_PRIO + 5) /* below the pairs' servers, above the root task */

static volatile handle_t server_ep[MAXC];
static volatile unsigned int finished;
static handle_t go[MAXC], all_done;
static unsigned int calls_each;

/* A server on its own core: the endpoint it makes is homed there. */
static void pair_server(unsigned int i)
{
	int ep = sys_endpoint_create();
	struct msg m = {0};

	__atomic_store_n(&server_ep[i], (handle_t)ep, __ATOMIC_RELEASE);
	sys_recv(ep, &m, TIMEOUT_FOREVER);
	for (;;) {
		m.info = IPC_INFO(0, 1);
		m.mr[0]++;
		sys_reply_recv(ep, &m, TIMEOUT_FOREVER);
	}
}

/* A client: wait for the start, make its calls, and the last one out says so. */
static void pair_client(unsigned int i)
{
	unsigned int bits;

	for (;;) {
		sys_wait(go[i], &bits, TIMEOUT_FOREVER);
		for (unsigned int n = 0; n < calls_each; n++) {
			struct msg m = {.info = IPC_INFO(1, 1), .mr = {n}};

			sys_call(server_ep[i], &m, TIMEOUT_FOREVER);
		}
		if (__atomic_sub_fetch(&finished, 1, __ATOMIC_ACQ_REL) == 0)
			sys_signal(all_done, 1);
	}
}

static unsigned int doorbells(unsigned int cores)
{
	unsigned int sum = 0;

	for (unsigned int c = 0; c < cores; c++)
		sum += (unsigned int)sys_kstat(boot_info->irq_control, c, KSTAT_DOORBELLS);
	return sum;
}

/* Time @pairs pairs making @calls calls each; ticks of the counter, doorbells rung. */
static unsigned long long run_pairs(unsigned int pairs, unsigned int calls, unsigned int cores,
				    unsigned int *rung)
{
	unsigned int bits, before = doorbells(cores);
	unsigned long long start;

	calls_each = calls;
	finished = pairs;
	start = bench_counter();
	for (unsigned int i = 0; i < pairs; i++)
		sys_signal(go[i], 1);
	sys_wait(all_done, &bits, TIMEOUT_FOREVER);
	*rung = doorbells(cores) - before;
	return bench_counter() - start;
}

static int start_pairs(unsigned int cores)
{
	all_done = (handle_t)sys_notify_create();
	for (unsigned int i = 0; i < cores; i++) {
		if (spawn_on((i + 1) % cores, pair_server, WORKER_PRIO, i) < 0)
			return -1;
		while (!__atomic_load_n(&server_ep[i], __ATOMIC_ACQUIRE))
			sys_sleep(MS);
		go[i] = (handle_t)sys_notify_create();
		if (spawn_on(i, pair_client, WORKER_PRIO, i) < 0)
			return -1;
	}
	return 0;
}

static volatile unsigned int spins, spin_stop, flood_stop, flooding;
static volatile unsigned long long spin_time;
static volatile handle_t victim_note, local_note;

/*
 * On the victim core: make the notification the flood is aimed at, then
 * spin, counting iterations and the core's own time. Under icount QEMU runs
 * the cores in turn, in slices of milliseconds, and virtual time is global:
 * a gap of FLOOD_GAP or more between two reads of the counter is other
 * cores' slices. Shorter ones are this core's, the kernel's work included:
 * the interrupts and the requests the flood makes it handle.
 */
static void spinner(unsigned int unused)
{
	unsigned long long last = bench_counter(), now;

	__atomic_store_n(&victim_note, (handle_t)sys_notify_create(), __ATOMIC_RELEASE);
	while (!spin_stop) {
		now = bench_counter();
		if (now - last < FLOOD_GAP)
			spin_time += now - last;
		last = now;
		spins++;
	}
	sys_thread_exit();
}

/* On the flooding core: a notification of its own, for the flood's baseline. */
static void make_local_note(unsigned int unused)
{
	__atomic_store_n(&local_note, (handle_t)sys_notify_create(), __ATOMIC_RELEASE);
	sys_thread_exit();
}

/* In a space of its own, holding SEND on one notification (@note) and nothing else. */
static void flooder(unsigned int note)
{
	while (!flood_stop)
		sys_signal(note, 1);
	__atomic_store_n(&flooding, 0, __ATOMIC_RELEASE);
	sys_thread_exit();
}

/* The spinner's iterations per million ticks of its core's own time, over FLOOD_WINDOW. */
static unsigned long long spin_rate(void)
{
	unsigned int s0 = spins;
	unsigned long long t0 = spin_time;

	sys_sleep(FLOOD_WINDOW);
	return (unsigned long long)(spins - s0) * 1000000ull / (spin_time - t0);
}

/* The flooder's space: the root image (so it shares the stop flag), a stack, one handle. */
static int flood_space(handle_t *in_space)
{
	int s = sys_space_create(carve(64 << 10), 0);
	int remote = sys_handle_copy(victim_note, s, RIGHT_SEND, 0);
	int local = sys_handle_copy(local_note, s, RIGHT_SEND, 0);

	if (s < 0 || remote < 0 || local < 0 ||
	    sys_memory_map(s, boot_info->self_image, ROOT_IMAGE_ADDR,
			   RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC) ||
	    sys_memory_map(s, carve(8192), FLOOD_STACK, RIGHT_READ | RIGHT_WRITE))
		return -1;
	in_space[0] = (handle_t)local;
	in_space[1] = (handle_t)remote;
	return s;
}

/* The spinner's rate while the flooder signals @note (in its space) without pause. */
static unsigned long long rate_while_flooding(int space, handle_t note)
{
	int t = sys_thread_create((handle_t)space, FLOOD_CORE, FLOOD_PRIO, FLOOD_PRIO);
	unsigned long long rate;

	flood_stop = 0;
	flooding = 1;
	if (t < 0 || sys_thread_start((handle_t)t, flooder, (void *)(FLOOD_STACK + 8192), note))
		return 0;
	sys_sleep(MS); /* under way */
	rate = spin_rate();
	flood_stop = 1;
	while (__atomic_load_n(&flooding, __ATOMIC_ACQUIRE))
		sys_sleep(MS);
	sys_handle_close((handle_t)t);
	return rate;
}

/*
 * xcore_flood_victim_share: a spinner's rate on the victim core while a
 * thread on another core signals a notification homed on the victim core,
 * divided by its rate while the same thread signals a notification of its
 * own core. Under icount the flooding core's instructions take virtual
 * time whatever it does (DESIGN.md, Measuring): only what the flood makes
 * the victim core do shows.
 */
static void bench_flood(void)
{
	handle_t notes[2];
	unsigned long long base, flood;
	int space;

	if (spawn_on(FLOOD_VICTIM, spinner, FLOOD_PRIO, 0) < 0 ||
	    spawn_on(FLOOD_CORE, make_local_note, FLOOD_PRIO, 0) < 0) {
		printf("# bench: cannot start the flood\n");
		return;
	}
	while (!__atomic_load_n(&victim_note, __ATOMIC_ACQUIRE) ||
	       !__atomic_load_n(&local_note, __ATOMIC_ACQUIRE))
		sys_sleep(MS);
	space = flood_space(notes);
	base = space < 0 ? 0 : rate_while_flooding(space, notes[0]);
	flood = base ? rate_while_flooding(space, notes[1]) : 0;
	spin_stop = 1;
	if (!base || !flood) {
		printf("# bench: the flood did not run\n");
		return;
	}
	printf("# bench: spinner %llu (flooder local), %llu (flooding) per 1e6 ticks\n", base,
	       flood);
	printf("bench: xcore_flood_victim_share %llu.%03llu\n", flood / base,
	       flood * 1000 / base % 1000);
}

void root_run_bench_smp(void)
{
	static const char *const keys[MAXC] = {
		"ipc_cost_per_msg_pairs_1", "ipc_cost_per_msg_pairs_2", "ipc_cost_per_msg_pairs_3",
		"ipc_cost_per_msg_pairs_4"};
	unsigned int cores = boot_info->cores > MAXC ? MAXC : boot_info->cores, rung;

	if (cores < 2) {
		printf("# bench: one core: no cross-core figures\n");
		return;
	}
	if (start_pairs(cores)) {
		printf("# bench: cannot start the cross-core pairs\n");
		return;
	}
	run_pairs(1, 100, cores, &rung); /* warm-up */
	bench_report_total("ipc_cross_core_roundtrip", run_pairs(1, PAIR_CALLS, cores, &rung),
			   PAIR_CALLS);
	for (unsigned int p = 1; p <= cores; p++) {
		unsigned long long ticks = run_pairs(p, PAIR_CALLS, cores, &rung);

		bench_report_total(keys[p - 1], ticks, p * PAIR_CALLS);
		if (p == 4)
			printf("bench: doorbells_per_msg_pairs_4 %u.%03u\n",
			       rung / (4 * PAIR_CALLS),
			       rung % (4 * PAIR_CALLS) * 1000 / (4 * PAIR_CALLS));
	}
	if (cores > FLOOD_CORE)
		bench_flood();
}
