// SPDX-License-Identifier: MIT
/*
 * User-level tests of a VCPU beside the scheduler's tick and sleepers
 * (kernel/timer.c, kernel/sched.c): alone at its priority its core takes
 * no tick, and threads below it sleeping past their time do not interrupt
 * it. Registered in tests_vcpu.c's suite; the guests are the harness's.
 */
#include <cella/kstat.h>

#include "vcpu_harness.h"

static volatile unsigned int beside_spins, beside_stop, beside_gone;

static void spin_beside(unsigned int unused)
{
	while (!beside_stop)
		beside_spins++;
	beside_gone = 1;
	sys_thread_exit();
}

/* Ticks core @c takes over the next @ms milliseconds. */
static int ticks_over(unsigned int c, unsigned int ms)
{
	int before = sys_kstat(boot_info->irq_control, c, KSTAT_TICKS);

	sys_sleep(ms * MS);
	return sys_kstat(boot_info->irq_control, c, KSTAT_TICKS) - before;
}

/* Ticks core @c takes until it has taken @n, or @ms milliseconds passed. */
static int ticks_within(unsigned int c, int n, unsigned int ms)
{
	int before = sys_kstat(boot_info->irq_control, c, KSTAT_TICKS), taken = 0;

	for (unsigned int waited = 0; waited < ms && taken < n; waited += 10) {
		sys_sleep(10 * MS);
		taken = sys_kstat(boot_info->irq_control, c, KSTAT_TICKS) - before;
	}
	return taken;
}

/*
 * A core whose thread is a VCPU alone at its priority takes no tick
 * (kernel/timer.c); a native thread readied there at the same priority
 * brings it back, and the two take turns by it; once it is gone the tick
 * stops again (at the switch back to the VCPU); an idle core takes none.
 */
void test_vcpu_tick_only_for_peers(void)
{
	unsigned int core = cores() - 1;
	int alone, shared, again, idle;
	struct guest g;

	beside_spins = beside_stop = beside_gone = 0;
	guest_run(&g, spin_prog, WORDS(spin_prog), core, 0);
	sys_sleep(QUIET_NS);
	alone = ticks_over(core, 50);
	CHECK(spawn_on(core, spin_beside, VCPU_PRIO, 0) > 0);
	shared = ticks_within(core, 2, 2000); /* however slowly a loaded host runs the board */
	for (int i = 0; i < 200 && !beside_spins; i++)
		sys_sleep(10 * MS); /* its turn comes when the VCPU's slice ends */
	beside_stop = 1;
	for (int i = 0; i < 100 && !beside_gone; i++)
		sys_sleep(MS);
	CHECK(beside_gone);
	again = ticks_over(core, 50);
	guest_end(&g); /* its last handle: the VCPU goes, and its core idles */
	sys_sleep(20 * MS);
	idle = ticks_over(core, 50);
	printf("# core %u ticks: VCPU alone %d, with a peer %d, alone again %d, idle %d\n", core,
	       alone, shared, again, idle);
	CHECK_EQ(alone, 0);
	CHECK(shared >= 2 && beside_spins > 0);
	CHECK_EQ(again, 0);
	CHECK_EQ(idle, 0);
}

static volatile unsigned int below_woke;

static void sleep_below(unsigned int ms)
{
	sys_sleep(ms * MS);
	below_woke = 1;
	sys_thread_exit();
}

/*
 * A thread below a VCPU on its core sleeps past its time while the VCPU
 * runs: its time does not interrupt the VCPU (kernel/sched.c,
 * may_interrupt()), and it wakes when the VCPU gives up the core.
 */
void test_vcpu_lower_sleeper_waits(void)
{
	unsigned int core = cores() - 1;
	int irqs;
	struct guest g;

	below_woke = 0;
	CHECK(spawn_on(core, sleep_below, VCPU_PRIO - 10, 20) > 0);
	sys_sleep(5 * MS); /* it sleeps, until 20 ms from its start */
	guest_run(&g, spin_prog, WORDS(spin_prog), core, 0);
	sys_sleep(5 * MS);
	irqs = sys_kstat(boot_info->irq_control, core, KSTAT_IRQS);
	sys_sleep(40 * MS);
	irqs = sys_kstat(boot_info->irq_control, core, KSTAT_IRQS) - irqs;
	printf("# core %u: %d interrupts while the VCPU ran past the sleeper's time\n", core, irqs);
	CHECK_EQ(irqs, 0);
	CHECK_EQ(below_woke, 0);
	guest_end(&g);
	for (int i = 0; i < 100 && !below_woke; i++)
		sys_sleep(MS);
	CHECK_EQ(below_woke, 1);
}
