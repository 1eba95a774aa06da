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
#define SETTLE_TICKS 100 /* periods the other cores get to stop their ticks */

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

/* Whether another core than this one ticked since @seen was taken. */
static bool others_ticked(const uint64_t *seen)
{
	for (cpuid_t c = 0; c < smp_cpus_present(); c++)
		if (c != this_cpu()->id && READ_ONCE(cpus[c].stats.ticks) != seen[c])
			return true;
	return false;
}

static void take_ticks(uint64_t *seen)
{
	for (cpuid_t c = 0; c < smp_cpus_present(); c++)
		seen[c] = READ_ONCE(cpus[c].stats.ticks);
}

/*
 * The other cores idle in their schedulers: each stops its tick at its
 * next one once nothing needs it (timer.c). What an earlier test left may
 * need it a while: console output still draining (any ticking core drains
 * it). So first, up to SETTLE_TICKS periods here, a period in which no
 * other core ticks (not with nohz=off); over TICKS_WANTED more, they take none (with nohz=off,
 * they take them too).
 */
KTEST(timer_ticks)
{
	uint64_t first[CONFIG_MAX_CPUS];
	bool ticked = wait_ticks(1); /* from here on, wait_ticks(1) is a whole period */

	for (int i = 0; timer_tickless() && i < SETTLE_TICKS && ticked; i++) {
		take_ticks(first);
		ticked = wait_ticks(1);
		if (!others_ticked(first))
			break;
	}
	take_ticks(first);
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
