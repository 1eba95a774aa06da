// SPDX-License-Identifier: MIT
/* SYS_KSTAT: a core's counters, for benchmarks and the stress report. */
#include <cpu.h>
#include <err.h>
#include <handle.h>
#include <kmem.h>
#include <kstat.h>
#include <space.h>
#include <thread.h>
#include <uapi/cella/kstat.h>

/* The counter @which of core @c; read without its owner: a recent value. */
static uint32_t counter(const struct cpu *c, uint32_t which)
{
	switch (which) {
	case KSTAT_XCALLS_SENT:
		return READ_ONCE(c->xlocal.sent);
	case KSTAT_DOORBELLS:
		return READ_ONCE(c->xlocal.doorbells);
	case KSTAT_XCALLS_HANDLED:
		return READ_ONCE(c->xlocal.handled);
	case KSTAT_TICKS:
		return (uint32_t)READ_ONCE(c->stats.ticks);
	case KSTAT_VM_EXITS:
		return READ_ONCE(c->stats.vm_exits);
	case KSTAT_VIRQS:
		return READ_ONCE(c->stats.virqs);
	case KSTAT_INJECT_CYCLES:
		return READ_ONCE(c->stats.inject_cycles);
	case KSTAT_INJECT_EXITS:
		return READ_ONCE(c->stats.inject_exits);
	case KSTAT_STACK_USED:
		return cpu_stack_used(c->id);
	case KSTAT_KMEM_USED:
		return kmem_in_use();
	case KSTAT_VMIDS:
		return space_arch_vmids(c->id);
	default:
		return (uint32_t)READ_ONCE(c->stats.irqs);
	}
}

/* (interrupt control, core, counter) -> the counter's low 31 bits. */
int sys_kstat(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	int err =
		handle_lookup(&self->space->handles, args[0], KOBJ_IRQ_CONTROL, RIGHT_READ, &slot);

	if (err)
		return err;
	if (args[1] >= CONFIG_MAX_CPUS || cpu_state(args[1]) == CPU_ABSENT ||
	    args[2] >= KSTAT_COUNT)
		return ERR_INVALID;
	return (int)(counter(&cpus[args[1]], args[2]) & 0x7fffffff);
}
