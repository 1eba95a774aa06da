/* SPDX-License-Identifier: MIT */
/* ARMv7-A system registers the RTOS uses, through one accessor macro each way. */
#pragma once

#include <stdint.h>

#define SYSREG32(name, op1, crn, crm, op2)                                                      \
	static inline uint32_t name##_read(void)                                                \
	{                                                                                       \
		uint32_t v;                                                                     \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v)); \
		return v;                                                                       \
	}                                                                                       \
	static inline void name##_write(uint32_t v)                                             \
	{                                                                                       \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 ::"r"(v)    \
				 : "memory");                                                   \
	}

#define SYSREG64(name, op1, crm)                                                             \
	static inline uint64_t name##_read(void)                                             \
	{                                                                                    \
		uint64_t v;                                                                  \
		__asm__ volatile("mrrc p15, " #op1 ", %Q0, %R0, " #crm : "=r"(v));           \
		return v;                                                                    \
	}                                                                                    \
	static inline void name##_write(uint64_t v)                                          \
	{                                                                                    \
		__asm__ volatile("mcrr p15, " #op1 ", %Q0, %R0, " #crm ::"r"(v) : "memory"); \
	}

SYSREG32(dfsr, 0, c5, c0, 0)
SYSREG32(ifsr, 0, c5, c0, 1)
SYSREG32(dfar, 0, c6, c0, 0)
SYSREG32(ifar, 0, c6, c0, 2)
SYSREG32(tlbiall, 0, c8, c7, 0)
SYSREG32(cntfrq, 0, c14, c0, 0)
SYSREG32(cntv_ctl, 0, c14, c3, 1)
SYSREG64(cntvct, 1, c14)
SYSREG64(cntv_cval, 3, c14)

#define CNTV_CTL_ENABLE	 1
#define CNTV_CTL_ISTATUS (1 << 2)

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb(void)
{
	__asm__ volatile("dsb" ::: "memory");
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	dsb();
	*(volatile uint32_t *)addr = v;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v = *(volatile uint32_t *)addr;

	dsb();
	return v;
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	dsb();
	*(volatile uint8_t *)addr = v;
}
