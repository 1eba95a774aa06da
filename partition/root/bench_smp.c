// SPDX-License-Identifier: MIT
/*
 * Cross-core benchmarks (run after bench.c's, under icount): the IPC round
 * trip between a caller and a server on different cores, and the cost per
 * message with 1..4 concurrent client/server pairs, each client on core i
 * and its server on core i + 1 (mod the core count). Under icount virtual
 * time is global, so a counter delta is the total instructions executed by
 * every core meanwhile (DESIGN.md, Measuring); waiting cores sit in WFI
 * and add nothing. Also the doorbell SGIs rung per message at 4 pairs.
 */
#include <cella/lib.h>

#include "root.h"

#define PAIR_CALLS  2000
#define WORKER_PRIO (ROOT_PRIO + 10)
#define MAXC	    4

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
}
