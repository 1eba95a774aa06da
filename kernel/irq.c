// SPDX-License-Identifier: MIT
/* Interrupt dispatch: acknowledge, count, call the registered handler, end. */
#include <console.h>
#include <cpu.h>
#include <irq.h>

/* Written by the boot core before interrupts are enabled; read-only after. */
static irq_handler_fn *handlers[IRQ_MAX];

void irq_register(unsigned int irq, irq_handler_fn *fn)
{
	if (irq < IRQ_MAX)
		handlers[irq] = fn;
}

void irq_init(void)
{
	irq_arch_init();
}

void irq_init_cpu(void)
{
	irq_arch_init_cpu();
	for (unsigned int ipi = IRQ_IPI_FIRST; ipi < IPI_END; ipi++)
		if (handlers[ipi])
			irq_arch_enable(ipi);
}

static void dispatch(unsigned int irq, cpuid_t src)
{
	struct cpu_stats *stats = &this_cpu()->stats;

	stats->irqs++;
	if (handlers[irq])
		handlers[irq](irq, src);
	else
		kprintf("cella: cpu%u: interrupt %u has no handler\n", this_cpu()->id, irq);
}

void irq_leave_active(void)
{
	this_cpu()->irq_left_active = true;
}

/*
 * One interrupt per exception: a second acknowledge would nearly always
 * find nothing (and cost as much as the first); another interrupt pending
 * is taken again as soon as the core unmasks, on the way out.
 */
void irq_handle(void)
{
	unsigned int irq;
	cpuid_t src;
	uint32_t token = irq_arch_ack(&irq, &src);

	irq_handle_acked(token, irq, src);
}

void irq_handle_acked(uint32_t token, unsigned int irq, cpuid_t src)
{
	struct cpu *cpu = this_cpu();

	if (irq >= IRQ_MAX) {
		cpu->stats.spurious += irq == IRQ_SPURIOUS;
		return;
	}
	cpu->irq_left_active = false;
	dispatch(irq, src);
	irq_arch_eoi(token);
	if (!cpu->irq_left_active)
		irq_arch_deactivate(token);
}

void irq_send_ipi(cpuid_t dst, enum ipi ipi)
{
	irq_arch_send_ipi(dst, ipi);
}
