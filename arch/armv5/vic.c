// SPDX-License-Identifier: MIT
/*
 * The PL190 vectored interrupt controller, used without its vectors: every
 * line is an IRQ, the lowest pending line is taken first. Its lines are
 * level-sensitive and it keeps no active state: a line drops when its
 * device is served, so there is nothing to end. One core: no routing and
 * no inter-core interrupts (arch/irq.h).
 */
#include <board.h>
#include <irq.h>
#include <panic.h>

#include <arch/mmio.h>

#define VIC_IRQ_STATUS	 0x000
#define VIC_INT_SELECT	 0x00c
#define VIC_INT_ENABLE	 0x010
#define VIC_INT_EN_CLEAR 0x014
#define VIC_SOFT_CLEAR	 0x01c
#define VIC_ALL		 0xffffffffu

static void vic_write(uint32_t reg, uint32_t val)
{
	mmio_write32(BOARD_VIC_BASE + reg, val);
}

void irq_arch_init(void)
{
	vic_write(VIC_INT_EN_CLEAR, VIC_ALL);
	vic_write(VIC_SOFT_CLEAR, VIC_ALL);
	vic_write(VIC_INT_SELECT, 0);
}

/* The VIC is the one core's: irq_arch_init() did it all. */
void irq_arch_init_cpu(void)
{
}

/* IDs above the lines are the inter-core interrupts, which nothing raises. */
void irq_arch_enable(unsigned int irq)
{
	if (irq < IRQ_VIC_LINES)
		vic_write(VIC_INT_ENABLE, 1u << irq);
}

void irq_arch_disable(unsigned int irq)
{
	if (irq < IRQ_VIC_LINES)
		vic_write(VIC_INT_EN_CLEAR, 1u << irq);
}

/* Every line comes to the one core. */
void irq_arch_set_target(unsigned int irq, cpuid_t cpu)
{
}

unsigned int irq_arch_lines(void)
{
	return IRQ_VIC_LINES;
}

uint32_t irq_arch_ack(unsigned int *irq, cpuid_t *src)
{
	uint32_t pending = mmio_read32(BOARD_VIC_BASE + VIC_IRQ_STATUS);

	*irq = pending ? (unsigned int)__builtin_ctz(pending) : IRQ_SPURIOUS;
	*src = 0;
	return *irq;
}

/* No priority to drop and no active state (above): the device's own acknowledgement ends it. */
void irq_arch_eoi(uint32_t token)
{
}

void irq_arch_deactivate(uint32_t token)
{
}

void irq_arch_clear_active(unsigned int irq)
{
}

/* Only a core other than the sender is ever sent one, and there is none. */
void irq_arch_send_ipi(cpuid_t dst, unsigned int ipi)
{
	panic("inter-core interrupt %u to cpu%u on a uniprocessor", ipi, dst);
}

unsigned int irq_arch_cpus_present(void)
{
	return BOARD_MAX_CPUS;
}
