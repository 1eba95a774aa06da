// SPDX-License-Identifier: MIT
/*
 * User-level atomics under preemption: a thread adds to a counter while a
 * higher-priority one wakes often and adds too, preempting it at any
 * instruction. ARMv7 uses LDREX/STREX; ARMv5 the kernel's restartable
 * compare-and-swap (docs/design.md, ARMv5), whose restart this exercises:
 * an interrupt between its load and its store would otherwise lose the
 * other thread's additions.
 */
#include <cella/lib.h>

#include "root.h"

#define ROUNDS	  200000 /* the low thread's additions, at least: a few ms */
#define PREEMPTED 20	 /* and until the other has added (preempted it) this often */
#define US	  1000u

static unsigned int counter;
static volatile unsigned int low_done, low_adds, high_adds, high_done;

static void high(unsigned int unused)
{
	while (!low_done) {
		__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
		high_adds++;
		sys_sleep(20 * US);
	}
	high_done = 1;
	sys_thread_exit();
}

/* How short a sleep is depends on the kernel's timer: adds until preempted often enough. */
static void low(unsigned int unused)
{
	unsigned int n = 0;

	for (; n < ROUNDS || high_adds < PREEMPTED; n++)
		__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
	low_adds = n;
	low_done = 1;
	sys_thread_exit();
}

static void test_add_under_preemption(void)
{
	CHECK(spawn(high, ROOT_PRIO - 1, ROOT_PRIO - 1, 0) > 0);
	CHECK(spawn(low, ROOT_PRIO - 2, ROOT_PRIO - 2, 0) > 0);
	for (int i = 0; i < 500 && !high_done; i++)
		sys_sleep(10 * 1000 * US);
	CHECK(high_done);
	printf("# %u additions, %u of them by the preempting thread\n", counter, high_adds);
	CHECK_EQ(counter, low_adds + high_adds);
}

static const struct utest tests[] = {
	{"atomic_add_under_preemption", test_add_under_preemption},
};

void root_run_atomic_tests(void)
{
	ktap_run("user-level atomics", tests, sizeof(tests) / sizeof(tests[0]));
}
