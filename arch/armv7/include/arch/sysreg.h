/* SPDX-License-Identifier: MIT */
/*
 * CP15 system registers, through generated accessors: one line per register
 * below gives sysreg_read(name) and sysreg_write(name, v). No other file
 * writes an mrc/mcr for these by hand.
 */
#pragma once

#include <types.h>

#define SYSREG32(name, op1, crn, crm, op2)                                                      \
	static inline uint32_t sysreg_##name##_read(void)                                       \
	{                                                                                       \
		uint32_t v;                                                                     \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v)); \
		return v;                                                                       \
	}                                                                                       \
	static inline void sysreg_##name##_write(uint32_t v)                                    \
	{                                                                                       \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2             \
				 :                                                              \
				 : "r"(v)                                                       \
				 : "memory");                                                   \
	}

#define SYSREG64(name, op1, crm)                                                               \
	static inline uint64_t sysreg_##name##_read(void)                                      \
	{                                                                                      \
		uint64_t v;                                                                    \
		__asm__ volatile("mrrc p15, " #op1 ", %Q0, %R0, " #crm : "=r"(v));             \
		return v;                                                                      \
	}                                                                                      \
	static inline void sysreg_##name##_write(uint64_t v)                                   \
	{                                                                                      \
		__asm__ volatile("mcrr p15, " #op1 ", %Q0, %R0, " #crm : : "r"(v) : "memory"); \
	}

#define sysreg_read(name)     sysreg_##name##_read()
#define sysreg_write(name, v) sysreg_##name##_write(v)

/* Identification */
SYSREG32(midr, 0, c0, c0, 0)
SYSREG32(mpidr, 0, c0, c0, 5)
SYSREG32(id_pfr1, 0, c0, c1, 1)

/* HYP control */
SYSREG32(hsctlr, 4, c1, c0, 0)
SYSREG32(hcr, 4, c1, c1, 0)
SYSREG32(hdcr, 4, c1, c1, 1)
SYSREG32(hcptr, 4, c1, c1, 2)
SYSREG32(hstr, 4, c1, c1, 3)
SYSREG32(hvbar, 4, c12, c0, 0)
SYSREG32(htpidr, 4, c13, c0, 2)

/* HYP translation */
SYSREG32(htcr, 4, c2, c0, 2)
SYSREG32(hmair0, 4, c10, c2, 0)
SYSREG32(hmair1, 4, c10, c2, 1)
SYSREG64(httbr, 4, c2)
SYSREG32(vtcr, 4, c2, c1, 2)
SYSREG64(vttbr, 6, c2)

/* HYP syndrome and fault addresses */
SYSREG32(hsr, 4, c5, c2, 0)
SYSREG32(ats1hr, 4, c7, c8, 0) /* write: translate a HYP address for reading, into PAR */
SYSREG32(hdfar, 4, c6, c0, 0)
SYSREG32(hifar, 4, c6, c0, 2)
SYSREG32(hpfar, 4, c6, c0, 4)

/* Performance monitors: the cycle counter */
SYSREG32(pmcr, 0, c9, c12, 0)
SYSREG32(pmcntenset, 0, c9, c12, 1)
SYSREG32(pmccntr, 0, c9, c13, 0)
SYSREG32(pmxevtyper, 0, c9, c13, 1)
SYSREG32(pmselr, 0, c9, c12, 5)

/* Generic timer */
SYSREG32(cntfrq, 0, c14, c0, 0)
SYSREG64(cntpct, 0, c14)
SYSREG32(cnthctl, 4, c14, c1, 0)
SYSREG32(cntkctl, 0, c14, c1, 0)
SYSREG32(cnthp_tval, 4, c14, c2, 0)
SYSREG32(cnthp_ctl, 4, c14, c2, 1)
SYSREG64(cnthp_cval, 6, c14)
SYSREG64(cntvoff, 4, c14)

/* Guest (Non-secure PL1) state a VCPU owns, reached from HYP */
SYSREG32(sctlr, 0, c1, c0, 0)
SYSREG32(cpacr, 0, c1, c0, 2)
SYSREG64(ttbr0, 0, c2)
SYSREG64(ttbr1, 1, c2)
SYSREG32(ttbcr, 0, c2, c0, 2)
SYSREG32(dacr, 0, c3, c0, 0)
SYSREG32(dfsr, 0, c5, c0, 0)
SYSREG32(ifsr, 0, c5, c0, 1)
SYSREG32(adfsr, 0, c5, c1, 0)
SYSREG32(aifsr, 0, c5, c1, 1)
SYSREG32(dfar, 0, c6, c0, 0)
SYSREG32(ifar, 0, c6, c0, 2)
SYSREG64(par, 0, c7)
SYSREG32(prrr, 0, c10, c2, 0)
SYSREG32(nmrr, 0, c10, c2, 1)
SYSREG32(amair0, 0, c10, c3, 0)
SYSREG32(amair1, 0, c10, c3, 1)
SYSREG32(vbar, 0, c12, c0, 0)
SYSREG32(contextidr, 0, c13, c0, 1)
SYSREG32(tpidrurw, 0, c13, c0, 2)
SYSREG32(tpidruro, 0, c13, c0, 3)
SYSREG32(tpidrprw, 0, c13, c0, 4)
SYSREG32(csselr, 2, c0, c0, 0)
SYSREG32(vmpidr, 4, c0, c0, 5)
SYSREG32(cntv_ctl, 0, c14, c3, 1)
SYSREG64(cntv_cval, 3, c14)

/* Cache and TLB maintenance (write-only operations) */
SYSREG32(iciallu, 0, c7, c5, 0)
SYSREG32(bpiall, 0, c7, c5, 6)
SYSREG32(dccmvac, 0, c7, c10, 1)
SYSREG32(dccimvac, 0, c7, c14, 1)
SYSREG32(dccisw, 0, c7, c14, 2)
SYSREG32(tlbiallh, 4, c8, c7, 0)
SYSREG32(tlbiallhis, 4, c8, c3, 0)
SYSREG32(tlbiallis, 0, c8, c3, 0) /* PL1&0 entries of the VMID in VTTBR, every core */
