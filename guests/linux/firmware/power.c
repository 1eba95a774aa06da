// SPDX-License-Identifier: MIT
/*
 * PSCI for the native boot: Cella's PSCI 1.0 (partition/vmm/psci.c, the
 * one its VMM answers VM cells with), each physical core a "VCPU" whose
 * MPIDR affinity is its core number. CPU_ON leaves a start request in the
 * target's mailbox and wakes it with an SGI (gic.c); SYSTEM_OFF and SYSTEM_RESET go
 * to the motherboard's configuration bus.
 */
#include "firmware.h"
#include "psci.h"

/* A core's start request: written by the CPU_ON caller, then go, then the wake SGI. */
struct fw_start {
	uint32_t pc, cpsr, r0;
	uint32_t go; /* set (release) after the rest; the core clears it */
};

/*
 * psci_lock guards psci: every PSCI call and a starting core's ON_PENDING
 * to ON. A waiter sleeps in WFE; the unlock's SEV wakes it.
 */
static uint32_t psci_lock;
static struct psci psci;
static struct fw_start mailbox[FW_MAX_CPUS];

static inline void wfe(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

static inline void sev(void)
{
	__asm__ volatile("dsb\n\tsev" ::: "memory");
}

static void lock(void)
{
	while (__atomic_exchange_n(&psci_lock, 1, __ATOMIC_ACQUIRE))
		wfe();
}

static void unlock(void)
{
	__atomic_store_n(&psci_lock, 0, __ATOMIC_RELEASE);
	sev();
}

static int cpu_on(void *ctx, unsigned int cpu, uint32_t pc, uint32_t cpsr, uint32_t r0)
{
	struct fw_start *s = &mailbox[cpu];

	s->pc = pc;
	s->cpsr = cpsr;
	s->r0 = r0;
	__atomic_store_n(&s->go, 1, __ATOMIC_RELEASE);
	fw_gic_wake(cpu);
	return 0;
}

/* The machine goes off or restarts; until QEMU acts, this core sleeps. */
static void system_event(void *ctx, enum psci_event event)
{
	uint32_t fn = event == PSCI_EVENT_RESET ? FW_CFG_REBOOT : FW_CFG_SHUTDOWN;

	*(volatile uint32_t *)(FW_SYSREG_BASE + FW_SYS_CFGCTRL) =
		FW_CFGCTRL_START | FW_CFGCTRL_WRITE | fn << FW_CFGCTRL_FUNC_SHIFT;
	for (;;)
		__asm__ volatile("wfi");
}

static const struct psci_ops ops = {.cpu_on = cpu_on, .system_event = system_event};

void fw_power_init(unsigned int cpus)
{
	const uint32_t mpidr[FW_MAX_CPUS] = {0, 1, 2, 3};

	psci_init(&psci, cpus <= FW_MAX_CPUS ? cpus : FW_MAX_CPUS, mpidr, 0, &ops, 0);
}

noreturn void fw_wait_for_cpu_on(unsigned int cpu)
{
	struct fw_start *s = &mailbox[cpu];

	/* Each CPU_ON sends one wake SGI, after go: the one that counts. */
	while (!(fw_gic_woken() && __atomic_load_n(&s->go, __ATOMIC_ACQUIRE)))
		__asm__ volatile("wfi" ::: "memory");
	struct fw_start start = *s;

	s->go = 0;
	lock();
	psci_vcpu_running(&psci, cpu);
	unlock();
	fw_enter_nonsecure(start.pc, start.cpsr, start.r0, 0);
}

uint32_t fw_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	const uint32_t a[4] = {fn, a1, a2, a3};
	unsigned int cpu = fw_this_cpu();

	lock();
	struct psci_result r = psci_call(&psci, cpu, a);

	unlock();
	/* Only CPU_OFF returns here without returning to its caller. */
	if (r.stop)
		fw_wait_for_cpu_on(cpu);
	return r.r0;
}
