// SPDX-License-Identifier: MIT
/*
 * Self-tests of the per-core tick: it runs on the boot core (the boot code
 * runs it), stops on idle cores, and never comes early.
 */
#include <cpu.h>
#include <ktest.h>
#include <smp.h>
#include <timer.h>

#define TICKS_WANTED 3
#define TICK_WAIT_MS 2000

static uint64_t own_until;

static bool ticked_until(void)
{
	return READ_ONCE(this_cpu()->stats.ticks) >= own_until;
}

/* Wait for @n more ticks of this core; false if they do not come in time. */
static bool wait_ticks(unsigned int n)
{
	own_until = READ_ONCE(this_cpu()->stats.ticks) + n;
	return ktest_wait(ticked_until, TICK_WAIT_MS);
}

/*
 * The other cores idle in their schedulers: each stopped its tick at its
 * first one (timer.c), at most a period after it joined. After two ticks
 * here that is past (one may come at once: this test may be the first, run
 * right after the others joined); over TICKS_WANTED more, they take none
 * (with nohz=off, they take them too).
 */
KTEST(timer_ticks)
{
	uint64_t first[CONFIG_MAX_CPUS];
	bool ticked = wait_ticks(2);

	for (cpuid_t c = 0; c < smp_cpus_present(); c++)
		first[c] = READ_ONCE(cpus[c].stats.ticks);
	ticked = ticked && wait_ticks(TICKS_WANTED);
	for (cpuid_t c = 0; c < smp_cpus_present(); c++) {
		uint64_t n = READ_ONCE(cpus[c].stats.ticks) - first[c];

		ktest_note("cpu%u: %llu ticks", c, (unsigned long long)n);
		if (c == this_cpu()->id || !timer_tickless()) /* nohz=off: all tick */
			ktest_result(ticked && n >= TICKS_WANTED, "timer_ticks_cpu%u", c);
		else
			ktest_result(n == 0, "timer_idle_stops_cpu%u", c);
	}
}

/*
 * TICKS_WANTED ticks cannot take less than TICKS_WANTED - 1 periods,
 * counted from a tick: the first one after the boot may catch up on a
 * deadline that passed while interrupts were masked, and come sooner.
 */
KTEST(timer_not_early)
{
	own_until = READ_ONCE(this_cpu()->stats.ticks) + 1;
	bool ticked = ktest_wait(ticked_until, TICK_WAIT_MS);
	ticks_t start = timer_now();
	uint64_t first_tick = READ_ONCE(this_cpu()->stats.ticks);

	own_until = first_tick + TICKS_WANTED;
	ticked = ticked && ktest_wait(ticked_until, TICK_WAIT_MS);
	ticks_t elapsed = timer_now() - start;
	ticks_t least = (TICKS_WANTED - 1) * timer_period();

	ktest_note("%llu ticks in %llu us",
		   (unsigned long long)(READ_ONCE(this_cpu()->stats.ticks) - first_tick),
		   (unsigned long long)(timer_ns(elapsed) / 1000));
	ktest_result(ticked && elapsed >= least, "timer_not_early");
}
