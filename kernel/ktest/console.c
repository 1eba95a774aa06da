// SPDX-License-Identifier: MIT
/*
 * Self-tests of the console under contention. console_lines: every core
 * prints a burst of lines at the same moment; the test checks that every
 * core finished, the integration test that every line arrived whole (no
 * line of one core inside a line of another). console_not_waited: while the
 * boot core holds the console, as a long dump would, the others' lines must
 * still return at once. console_full_drops: a core that fills the ring
 * while the console is held has what does not fit dropped and counted.
 */
#include <atomic.h>
#include <console.h>
#include <cpu.h>
#include <irq.h>
#include <ktest.h>
#include <smp.h>

#define LINES	    8
#define FLOOD_LINES 40
#define FLOOD_LEN   250 /* bytes a flood line takes, its newline included */
#define WAIT_MS	    2000

/* What the other cores do on IPI_TEST_CONSOLE: set by the boot core before it sends. */
static enum { BURST, HELD, FLOOD } phase;

/* done[c] is written only by core c, when its part is out. */
static struct {
	bool done;
} __aligned(CACHE_LINE) done[CONFIG_MAX_CPUS];

static unsigned int flood_kept; /* lines the flooding core got queued; before its done */

static void burst(cpuid_t me)
{
	for (int i = 0; i < LINES; i++)
		kprintf("# console: cpu%u line %d %s\n", me, i,
			"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
}

static void flood(cpuid_t me)
{
	char line[FLOOD_LEN];

	for (int i = 0; i < FLOOD_LEN - 1; i++)
		line[i] = (char)('a' + i % 26);
	line[0] = '#';
	line[1] = ' ';
	line[FLOOD_LEN - 1] = '\n';
	for (int i = 0; i < FLOOD_LINES; i++)
		flood_kept += console_write(line, sizeof(line));
}

static void on_ipi(unsigned int irq, cpuid_t src)
{
	cpuid_t me = this_cpu()->id;

	if (phase == BURST)
		burst(me);
	else if (phase == HELD)
		kprintf("# console held: cpu%u printed while cpu%u held the console\n", me, src);
	else if (me == 1)
		flood(me);
	atomic_store(&done[me].done, true, __ATOMIC_RELEASE);
}

static void setup(void)
{
	irq_register(IPI_TEST_CONSOLE, on_ipi);
}
KTEST_SETUP(setup);

static bool online_elsewhere(cpuid_t c)
{
	return c != this_cpu()->id && cpu_state(c) == CPU_ONLINE;
}

static bool all_done(void)
{
	for (cpuid_t c = 0; c < smp_cpus_present(); c++)
		if (online_elsewhere(c) && !atomic_load(&done[c].done, __ATOMIC_ACQUIRE))
			return false;
	return true;
}

/* Every other online core does @p; all_done() once they have. */
static void others_start(int p)
{
	for (cpuid_t c = 0; c < CONFIG_MAX_CPUS; c++)
		atomic_store(&done[c].done, false, __ATOMIC_RELAXED);
	phase = p; /* the IPI's barrier publishes it */
	for (cpuid_t c = 0; c < smp_cpus_present(); c++)
		if (online_elsewhere(c))
			irq_send_ipi(c, IPI_TEST_CONSOLE);
}

KTEST(console_lines)
{
	others_start(BURST);
	burst(this_cpu()->id);
	ktest_result(ktest_wait(all_done, WAIT_MS), "console_lines");
}

KTEST(console_not_waited)
{
	bool ok;

	console_lock();
	others_start(HELD);
	ok = ktest_wait(all_done, WAIT_MS);
	console_unlock();
	ktest_result(ok, "console_not_waited");
}

KTEST(console_full_drops)
{
	bool ok;

	if (!online_elsewhere(1)) {
		ktest_result(true, "console_full_drops # SKIP no cpu1");
		return;
	}
	console_lock();
	others_start(FLOOD);
	ok = ktest_wait(all_done, WAIT_MS);
	console_unlock();
	ktest_note("console: %u of %u flood lines kept, %u dropped", flood_kept, FLOOD_LINES,
		   FLOOD_LINES - flood_kept);
	ktest_result(ok && flood_kept > 0 && flood_kept < FLOOD_LINES, "console_full_drops");
}
