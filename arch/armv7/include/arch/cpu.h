/* SPDX-License-Identifier: MIT */
/*
 * ARMv7 (HYP) side of the per-core data: the kernel finds its struct cpu
 * through HTPIDR, one mrc; interrupt masking and the core's hardware ID.
 */
#pragma once

#include <arch/barrier.h>
#include <arch/psr.h>
#include <arch/sysreg.h>
#include <types.h>

#define ARCH_KERNEL_MODE "hyp"

struct cpu;
struct vcpu;

/* Architecture part of struct cpu; written only by its own core. */
struct arch_cpu {
	uint8_t gic_mask;    /* this core's bit in GICD_ITARGETSR/SGIR target lists */
	uint32_t hsctlr;     /* HSCTLR as the core left boot (MMU, caches) */
	uint64_t vmids_used; /* VMIDs of spaces homed here (arch/armv7/space.c) */
	/* VCPUs (arch/armv7/vcpu.c): */
	struct vcpu *loaded;	/* whose guest state is in the registers, or NULL */
	bool guest;		/* the registers are set for loaded to run (HCR, PL0 state) */
	struct vcpu *vfp_owner; /* whose VFP registers are in the VFP */
	uint8_t lrs;		/* list registers of the GIC virtual interface */
	uint32_t lr_all;	/* a bit for each of them */
	/* Where vec_trap sends each system call, by number (fastpath_arch_init()). */
	const uint32_t *sys_entries;
	/* KOBJ_ENDPOINT | this core << 8: an endpoint homed here, as the fast path reads one. */
	uint32_t endpoint_here;
};

static inline struct cpu *arch_this_cpu(void)
{
	return (struct cpu *)(uintptr_t)sysreg_read(htpidr);
}

static inline void arch_set_this_cpu(struct cpu *cpu)
{
	sysreg_write(htpidr, (uint32_t)(uintptr_t)cpu);
}

/* MPIDR affinity fields: the hardware's name for this core. */
static inline uint32_t arch_cpu_hwid(void)
{
	return sysreg_read(mpidr) & 0x00ffffff;
}

/* The PMU cycle counter (one per instruction under QEMU's icount), counting in HYP too. */
static inline uint32_t cpu_arch_cycles(void)
{
	return sysreg_read(pmccntr);
}

static inline void arch_irq_enable(void)
{
	__asm__ volatile("cpsie i" ::: "memory");
}

static inline void arch_irq_disable(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
}

static inline unsigned long arch_irq_save(void)
{
	unsigned long psr;

	__asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(psr)::"memory");
	return psr;
}

static inline void arch_irq_restore(unsigned long psr)
{
	__asm__ volatile("msr cpsr_c, %0" ::"r"(psr) : "memory");
}

/*
 * Events: a core waiting for another core's store sleeps in WFE; the
 * storing core makes its store visible, then SEV wakes every waiter. The
 * timer event stream (timer_arch_init_cpu) also ends a WFE about every
 * millisecond, so a wait with a deadline always sees the deadline.
 */
static inline void arch_wait_event(void)
{
	wfe();
}

static inline void arch_send_event(void)
{
	dsb(ishst);
	sev();
}
