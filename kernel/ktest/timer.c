// SPDX-License-Identifier: MIT
/* Self-tests of the per-core tick: every core ticks, and never early. */
#include <cpu.h>
#include <ktest.h>
#include <smp.h>
#include <timer.h>

#define TICKS_WANTED 3
#define TICK_WAIT_MS 2000

static uint64_t first[CONFIG_MAX_CPUS];

static bool all_ticked(void)
{
	for (cpuid_t c = 0; c < smp_cpus_present(); c++)
		if (READ_ONCE(cpus[c].stats.ticks) < first[c] + TICKS_WANTED)
			return false;
	return true;
}

KTEST(timer_ticks)
{
	for (cpuid_t c = 0; c < smp_cpus_present(); c++)
		first[c] = READ_ONCE(cpus[c].stats.ticks);
	ktest_wait(all_ticked, TICK_WAIT_MS);
	for (cpuid_t c = 0; c < smp_cpus_present(); c++) {
		uint64_t n = READ_ONCE(cpus[c].stats.ticks) - first[c];

		ktest_note("cpu%u: %llu ticks", c, (unsigned long long)n);
		ktest_result(n >= TICKS_WANTED, "timer_ticks_cpu%u", c);
	}
}

static uint64_t own_until;

static bool ticked_until(void)
{
	return READ_ONCE(this_cpu()->stats.ticks) >= own_until;
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
