// SPDX-License-Identifier: MIT
/*
 * Self-test of the console under contention: every core prints a burst of
 * lines at the same moment. The test here checks that every core finished;
 * the integration test checks that every line arrived whole (no line of one
 * core inside a line of another).
 */
#include <atomic.h>
#include <console.h>
#include <cpu.h>
#include <irq.h>
#include <ktest.h>
#include <smp.h>

#define LINES	8
#define WAIT_MS 2000

/* done[c] is written only by core c, when its burst is out. */
static struct {
	bool done;
} __aligned(CACHE_LINE) done[CONFIG_MAX_CPUS];

static void burst(void)
{
	cpuid_t me = this_cpu()->id;

	for (int i = 0; i < LINES; i++)
		kprintf("# console: cpu%u line %d %s\n", me, i,
			"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	atomic_store(&done[me].done, true, __ATOMIC_RELEASE);
}

static void on_sgi(unsigned int irq, cpuid_t src)
{
	burst();
}

static void setup(void)
{
	irq_register(SGI_TEST_CONSOLE, on_sgi);
}
KTEST_SETUP(setup);

static bool all_done(void)
{
	for (cpuid_t c = 0; c < smp_cpus_present(); c++)
		if (cpu_state(c) == CPU_ONLINE && !atomic_load(&done[c].done, __ATOMIC_ACQUIRE))
			return false;
	return true;
}

KTEST(console_lines)
{
	for (cpuid_t c = 0; c < smp_cpus_present(); c++)
		if (c != this_cpu()->id && cpu_state(c) == CPU_ONLINE)
			irq_send_sgi(c, SGI_TEST_CONSOLE);
	burst();
	ktest_result(ktest_wait(all_done, WAIT_MS), "console_lines");
}
