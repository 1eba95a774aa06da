// SPDX-License-Identifier: MIT
/*
 * Churn for the stress run (`stress_churn=1`): while the channels run, a
 * thread makes short-lived victims on random cores and destroys them at a
 * random moment: before they start, while they run, or while another core
 * holds their wait (a call into an endpoint nobody serves, a wait on a
 * notification nobody signals, a fault to a handler that never answers, a
 * sleep). Every victim's memory must come back: the root space's kernel
 * memory is the same after the churn as before it, or the difference is
 * reported as threads not freed.
 */
#include <cella/lib.h>

#include "churn.h"
#include "root/root.h"

#define MAXC	     4
#define VICTIM_PRIO  45
#define STACKS	     64
#define STACK_WORDS  256
#define KINDS	     5
#define THREAD_BLOCK 256 /* the kernel's block for a thread */

enum kind { CALL_SINK, WAIT_SINK, FAULT_TO_SINK, EXIT_AT_ONCE, SLEEP };

static volatile handle_t sink_ep[MAXC], sink_note[MAXC];
static unsigned int stacks[STACKS][STACK_WORDS] __attribute__((aligned(8)));
static volatile int churning, churn_done;
static int churner;
static volatile unsigned int made, destroyed;
static unsigned int cores, rng;
static int kmem_before;

/* On core i: an endpoint and a notification homed there, that nobody serves. */
static void make_sinks(unsigned int i)
{
	__atomic_store_n(&sink_note[i], (handle_t)sys_notify_create(), __ATOMIC_RELEASE);
	__atomic_store_n(&sink_ep[i], (handle_t)sys_endpoint_create(), __ATOMIC_RELEASE);
	sys_thread_exit();
}

static void victim(unsigned int arg)
{
	unsigned int kind = arg & 0xff, core = arg >> 8, bits;
	struct msg m = {.info = IPC_INFO(1, 1)};

	if (kind == CALL_SINK)
		sys_call(sink_ep[core], &m, TIMEOUT_FOREVER);
	else if (kind == WAIT_SINK)
		sys_wait(sink_note[core], &bits, TIMEOUT_FOREVER);
	else if (kind == FAULT_TO_SINK)
		*(volatile unsigned int *)0x40000000 = 1;
	else if (kind == SLEEP)
		sys_sleep(100 * MS);
	sys_thread_exit();
}

/* One victim: made on a random core, aimed at another's sink, destroyed soon. */
static void one_victim(void)
{
	unsigned int kind = xorshift32(&rng) % KINDS, core = xorshift32(&rng) % cores,
		     sink = xorshift32(&rng) % cores;
	int t = sys_thread_create(boot_info->self_space, core, VICTIM_PRIO, VICTIM_PRIO);

	if (t < 0)
		return;
	made++;
	if (kind == FAULT_TO_SINK)
		sys_thread_set_fault_handler(t, sink_ep[sink]);
	if (xorshift32(&rng) % 8) /* sometimes destroyed before it ever starts */
		sys_thread_start(t, victim, &stacks[made % STACKS][STACK_WORDS], kind | sink << 8);
	sys_sleep((xorshift32(&rng) % 2000) * 1000ull);
	if (sys_handle_close(t) == 0)
		destroyed++;
}

static void churn_main(unsigned int unused)
{
	while (churning)
		one_victim();
	__atomic_store_n(&churn_done, 1, __ATOMIC_RELEASE);
	sys_thread_exit();
}

int churn_start(unsigned int ncores, unsigned int seed)
{
	cores = ncores;
	rng = seed | 1;
	for (unsigned int i = 0; i < cores; i++) {
		if (spawn_on(i, make_sinks, VICTIM_PRIO, i) < 0)
			return -1;
		while (!__atomic_load_n(&sink_ep[i], __ATOMIC_ACQUIRE))
			sys_sleep(MS / 10);
	}
	kmem_before = sys_kmem_available(boot_info->self_space);
	churning = 1;
	churner = spawn_on(0, churn_main, VICTIM_PRIO + 1, 0);
	return churner < 0 ? -1 : 0;
}

unsigned int churn_stop(void)
{
	int leaked;

	churning = 0;
	while (!__atomic_load_n(&churn_done, __ATOMIC_ACQUIRE))
		sys_sleep(MS);
	sys_handle_close((handle_t)churner); /* the churner itself counts too */
	/*
	 * The last releases go through other cores (a thread held elsewhere is
	 * freed once its wait comes home): usually within a few milliseconds,
	 * on a loaded host up to tens. Memory still out after two seconds is lost.
	 */
	for (int ms = 0; ms < 2000; ms += 10) {
		leaked = kmem_before - sys_kmem_available(boot_info->self_space);
		if (leaked <= 0)
			break;
		sys_sleep(10 * MS);
	}
	leaked = kmem_before - sys_kmem_available(boot_info->self_space);
	printf("stress: churn: %u threads made, %u destroyed, %d bytes of kernel memory not back\n",
	       made, destroyed, leaked);
	return leaked > 0 ? (unsigned int)(leaked + THREAD_BLOCK - 1) / THREAD_BLOCK : 0;
}
