// SPDX-License-Identifier: MIT
/*
 * Self-tests of core bring-up and inter-core interrupts: every core joined with its own
 * per-core data, and an IPI reaches every other core from every core, with
 * the interrupt controller naming the right sender.
 */
#include <cpu.h>
#include <irq.h>
#include <ktest.h>
#include <smp.h>

#define IPI_WAIT_MS 500

/* pings[d] is written only by core d (in its IPI handler). */
static struct {
	uint32_t from[CONFIG_MAX_CPUS];
	bool percpu_ok; /* this_cpu() and MPIDR agreed when the fan-out ran */
} __aligned(CACHE_LINE) pings[CONFIG_MAX_CPUS];

static bool online(cpuid_t id)
{
	return id < smp_cpus_present() && cpu_state(id) == CPU_ONLINE;
}

static void on_ping(unsigned int irq, cpuid_t src)
{
	if (src < CONFIG_MAX_CPUS)
		pings[this_cpu()->id].from[src]++;
}

/* Ping every other online core; on the core that got IPI_TEST_FANOUT. */
static void fan_out(void)
{
	struct cpu *me = this_cpu();

	pings[me->id].percpu_ok = me == &cpus[me->id] && me->hwid == arch_cpu_hwid();
	for (cpuid_t d = 0; d < smp_cpus_present(); d++)
		if (d != me->id && online(d))
			irq_send_ipi(d, IPI_TEST_PING);
}

static void on_fanout(unsigned int irq, cpuid_t src)
{
	fan_out();
}

static void setup(void)
{
	irq_register(IPI_TEST_FANOUT, on_fanout);
	irq_register(IPI_TEST_PING, on_ping);
}
KTEST_SETUP(setup);

static bool all_pinged(void)
{
	for (cpuid_t s = 0; s < smp_cpus_present(); s++)
		for (cpuid_t d = 0; d < smp_cpus_present(); d++)
			if (s != d && online(s) && online(d) && !READ_ONCE(pings[d].from[s]))
				return false;
	return true;
}

KTEST(cores_online)
{
	ktest_note("%u of %u cores online", smp_cpus_online(), smp_cpus_present());
	ktest_result(smp_cpus_online() == smp_cpus_present(), "cores_online");
}

KTEST(ipi_every_pair)
{
	cpuid_t me = this_cpu()->id;

	for (cpuid_t s = 0; s < smp_cpus_present(); s++)
		if (s != me && online(s))
			irq_send_ipi(s, IPI_TEST_FANOUT);
	fan_out();
	ktest_wait(all_pinged, IPI_WAIT_MS);
	for (cpuid_t s = 0; s < smp_cpus_present(); s++)
		ktest_result(READ_ONCE(pings[s].percpu_ok), "percpu_cpu%u", s);
	for (cpuid_t s = 0; s < smp_cpus_present(); s++)
		for (cpuid_t d = 0; d < smp_cpus_present(); d++)
			if (s != d)
				ktest_result(READ_ONCE(pings[d].from[s]) > 0, "ipi_cpu%u_to_cpu%u",
					     s, d);
}
