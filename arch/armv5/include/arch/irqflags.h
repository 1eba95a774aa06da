/* SPDX-License-Identifier: MIT */
/* Masking IRQs on the one core: what the kernel's atomics and critical sections rest on. */
#pragma once

static inline void arch_irq_enable(void)
{
	unsigned long psr;

	__asm__ volatile("mrs %0, cpsr\n\tbic %0, %0, #0x80\n\tmsr cpsr_c, %0"
			 : "=r"(psr)::"memory");
}

static inline void arch_irq_disable(void)
{
	unsigned long psr;

	__asm__ volatile("mrs %0, cpsr\n\torr %0, %0, #0x80\n\tmsr cpsr_c, %0"
			 : "=r"(psr)::"memory");
}

static inline unsigned long arch_irq_save(void)
{
	unsigned long psr, tmp;

	__asm__ volatile("mrs %0, cpsr\n\torr %1, %0, #0x80\n\tmsr cpsr_c, %1"
			 : "=r"(psr), "=r"(tmp)::"memory");
	return psr;
}

static inline void arch_irq_restore(unsigned long psr)
{
	__asm__ volatile("msr cpsr_c, %0" ::"r"(psr) : "memory");
}
