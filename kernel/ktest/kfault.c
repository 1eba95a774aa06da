// SPDX-License-Identifier: MIT
/* Test-only kernel faults, raised on request from the boot arguments. */
#include <console.h>
#include <cpu.h>
#include <irq.h>
#include <kfault.h>
#include <smp.h>

#include <shared/bootargs.h>

/* Set by the boot core before it sends IPI_KFAULT (the send orders it). */
static const char *kind;

static void on_ipi(unsigned int irq, cpuid_t src)
{
	kfault_arch_raise(kind);
}

void kfault_init(void)
{
	irq_register(IPI_KFAULT, on_ipi);
}

void kfault_trigger(void)
{
	cpuid_t target = smp_cpus_present() - 1;

	kind = bootarg("kfault");
	if (!kind)
		return;
	if (!kfault_arch_known(kind)) {
		kprintf("cella: kfault=%s: unknown kind; known: %s\n", kind, kfault_arch_kinds());
		return;
	}
	target = bootarg_u32("kfault_cpu", target);
	if (target >= smp_cpus_present() || cpu_state(target) != CPU_ONLINE) {
		kprintf("cella: kfault_cpu=%u: no such core online\n", target);
		return;
	}
	kprintf("cella: kfault: raising '%s' in the kernel on cpu%u (test)\n", kind, target);
	if (target == this_cpu()->id)
		kfault_arch_raise(kind);
	else
		irq_send_ipi(target, IPI_KFAULT);
}
