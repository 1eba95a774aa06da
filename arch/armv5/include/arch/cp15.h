/* SPDX-License-Identifier: MIT */
/*
 * The ARM926EJ-S system control coprocessor: one accessor per register the
 * kernel uses, and the cache and TLB operations (ARMv5 has no barriers
 * but the write-buffer drain).
 */
#pragma once

#include <types.h>

#define CP15_ACCESSORS(name, crn, crm, op2)                                                        \
	static inline uint32_t cp15_read_##name(void)                                              \
	{                                                                                          \
		uint32_t v;                                                                        \
		__asm__ volatile("mrc p15, 0, %0, " #crn ", " #crm ", " #op2 : "=r"(v));           \
		return v;                                                                          \
	}                                                                                          \
	static inline void cp15_write_##name(uint32_t v)                                           \
	{                                                                                          \
		__asm__ volatile("mcr p15, 0, %0, " #crn ", " #crm ", " #op2 ::"r"(v) : "memory"); \
	}

CP15_ACCESSORS(midr, c0, c0, 0)
CP15_ACCESSORS(sctlr, c1, c0, 0)
CP15_ACCESSORS(ttbr, c2, c0, 0)
CP15_ACCESSORS(dacr, c3, c0, 0)
CP15_ACCESSORS(dfsr, c5, c0, 0)
CP15_ACCESSORS(ifsr, c5, c0, 1)
CP15_ACCESSORS(far, c6, c0, 0)

#define SCTLR_M (1u << 0)  /* MMU */
#define SCTLR_C (1u << 2)  /* data cache */
#define SCTLR_S (1u << 8)  /* system protection: AP 00 is kernel read-only */
#define SCTLR_I (1u << 12) /* instruction cache */
#define SCTLR_V (1u << 13) /* vectors at 0xffff0000 */

/* Fault status: the fault's kind in bits 3:0, its domain in bits 7:4. */
#define FSR_STATUS(fsr) ((fsr)&0xf)

/* Clean and invalidate the whole data cache (test-and-clean loop), then drain the write buffer. */
static inline void cp15_dcache_flush(void)
{
	__asm__ volatile("1:	mrc p15, 0, r15, c7, c14, 3\n\tbne 1b\n\t"
			 "mcr p15, 0, %0, c7, c10, 4" ::"r"(0)
			 : "memory", "cc");
}

static inline void cp15_icache_invalidate(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" ::"r"(0) : "memory");
}

static inline void cp15_tlb_invalidate(void)
{
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" ::"r"(0) : "memory");
}

static inline void cp15_drain_write_buffer(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4" ::"r"(0) : "memory");
}

/* Wait for an interrupt: wakes when one is pending, masked or not. */
static inline void cp15_wait_for_interrupt(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c0, 4" ::"r"(0) : "memory");
}

/* Clean the data-cache line holding @va to memory: the ARM926's table walker reads memory only. */
static inline void cp15_dcache_clean_line(const void *va)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" ::"r"(va) : "memory");
}
