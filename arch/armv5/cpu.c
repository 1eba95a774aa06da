// SPDX-License-Identifier: MIT
/* Per-core architecture state, idling and halting on the one ARM926 core. */
#include <console.h>
#include <cpu.h>
#include <fastpath.h>
#include <panic.h>
#include <smp.h>

#include <arch/cp15.h>
#include <uapi/cella/syscall.h>

/* Right from the first instruction: the console asks for this_cpu() before cpu_init_this(). */
struct cpu *armv5_cpu = &cpus[0];

void cpu_arch_init_this(struct cpu *cpu)
{
	cpu->arch.sctlr = cp15_read_sctlr();
}

void fastpath_arch_init(bool on)
{
	for (unsigned int i = 0; i < CONFIG_MAX_CPUS; i++) {
		cpus[i].arch.fastpath_sys[0] = on ? SYS_CALL : UINT32_MAX;
		cpus[i].arch.fastpath_sys[1] = on ? SYS_REPLY_RECV : UINT32_MAX;
	}
}

void cpu_arch_halt(void)
{
	arch_irq_disable();
	for (;;)
		cp15_wait_for_interrupt();
}

void cpu_arch_idle(void)
{
	cp15_drain_write_buffer();
	cp15_wait_for_interrupt();
}

/* Masking interrupts is all a lock needs here, MMU on or off. */
bool console_arch_locking_ready(void)
{
	return true;
}

/* One core (BOARD_MAX_CPUS): nobody waits in a holding pen. */
void smp_arch_release(void)
{
}

/* Only a secondary core calls this, and there is none. */
void smp_arch_init_secondary(void)
{
	panic("a secondary core on a uniprocessor");
}
