// SPDX-License-Identifier: MIT
/* Core bring-up: release the secondaries from the pen and wait for each to join. */
#include <console.h>
#include <cpu.h>
#include <irq.h>
#include <sched.h>
#include <smp.h>
#include <timer.h>
#include <xcall.h>

/* Set once by the boot core before the release; read-only afterwards. */
static unsigned int cpus_present;

unsigned int smp_cpus_present(void)
{
	return cpus_present;
}

unsigned int smp_cpus_online(void)
{
	unsigned int n = 0;

	for (cpuid_t i = 0; i < cpus_present; i++)
		n += cpu_state(i) == CPU_ONLINE;
	return n;
}

static unsigned int count_present(void)
{
	unsigned int n = irq_arch_cpus_present();

	if (n > CONFIG_MAX_CPUS) {
		kprintf("cella: %u cores found; this build runs %u (CONFIG_MAX_CPUS)\n", n,
			CONFIG_MAX_CPUS);
		n = CONFIG_MAX_CPUS;
	}
	return n;
}

/*
 * Wait until core @id has joined or the join timeout has passed. The
 * joining core's SEV (cpu_set_online) or the timer event stream ends each
 * WFE, so the wait burns no instructions and still sees the deadline.
 */
static bool wait_for_join(cpuid_t id, ticks_t deadline)
{
	while (cpu_state(id) == CPU_ABSENT) {
		if (timer_now() >= deadline)
			return false;
		arch_wait_event();
	}
	return true;
}

void smp_boot(void)
{
	ticks_t deadline;

	cpus_present = count_present();
	smp_arch_release();
	deadline = timer_now() + timer_ms(CONFIG_CPU_JOIN_TIMEOUT_MS);
	for (cpuid_t id = 1; id < cpus_present; id++)
		if (!wait_for_join(id, deadline))
			kprintf("cella: cpu%u did not come online within %u ms\n", id,
				CONFIG_CPU_JOIN_TIMEOUT_MS);
	kprintf("cella: %u cores online (" ARCH_KERNEL_MODE ")\n", smp_cpus_online());
}

void smp_join(void)
{
	struct cpu *cpu = this_cpu();

	kprintf("cpu%u: online, MPIDR 0x%06x, stack 0x%08lx\n", cpu->id, cpu->hwid,
		(unsigned long)cpu->stack_top);
	cpu_set_online();
}

void secondary_main(cpuid_t id)
{
	smp_arch_init_secondary();
	cpu_init_this(id);
	sched_init_cpu();
	xcall_init_cpu();
	irq_init_cpu();
	timer_init_cpu();
	smp_join();
	sched_start();
	sched_arch_enter_user(sched_exit()); /* idles until a thread is placed here */
}
