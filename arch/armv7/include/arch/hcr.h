/* SPDX-License-Identifier: MIT */
/*
 * HYP configuration for what runs below HYP: the HCR of native threads and
 * of VCPUs, and the coprocessor and debug traps (HCPTR, HSTR, HDCR).
 */
#pragma once

#define HCR_VM	   (1u << 0)  /* stage 2 on */
#define HCR_SWIO   (1u << 1)  /* set/way invalidate as clean and invalidate */
#define HCR_FMO	   (1u << 3)  /* FIQs to HYP, virtual FIQs to the guest */
#define HCR_IMO	   (1u << 4)  /* IRQs to HYP, virtual IRQs to the guest */
#define HCR_AMO	   (1u << 5)  /* asynchronous aborts to HYP */
#define HCR_FB	   (1u << 9)  /* broadcast TLB and cache maintenance */
#define HCR_BSU_IS (1u << 10) /* barriers: inner shareable at least */
#define HCR_DC	   (1u << 12) /* stage 1 off, memory Normal cacheable */
#define HCR_TWI	   (1u << 13) /* trap WFI */
#define HCR_TWE	   (1u << 14) /* trap WFE */
#define HCR_TSC	   (1u << 19) /* trap SMC */
#define HCR_TIDCP  (1u << 20) /* trap implementation-defined CP15 (c9, c10, c11 lockdown) */
#define HCR_TAC	   (1u << 21) /* trap ACTLR */
#define HCR_TSW	   (1u << 22) /* trap cache maintenance by set/way */
#define HCR_TGE	   (1u << 27) /* PL0 exceptions to HYP */

/*
 * Native threads: physical interrupts and aborts are the kernel's (FMO,
 * IMO, AMO); PL0 exceptions come to HYP (TGE); stage 1 is off with Normal
 * cacheable memory (DC) and stage 2 is the address space (VM); SMC is
 * trapped (TSC).
 */
#define HCR_NATIVE (HCR_VM | HCR_FMO | HCR_IMO | HCR_AMO | HCR_DC | HCR_TSC | HCR_TGE)

/*
 * VCPUs: the guest owns stage 1 and PL1; stage 2 is its memory. Physical
 * interrupts stay the kernel's (it injects virtual ones); WFI and WFE,
 * SMC, ACTLR, implementation-defined registers and set/way maintenance
 * trap (TSW does not trap on QEMU, which models no caches; real hardware
 * needs it).
 */
#define HCR_GUEST                                                                          \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TWI | \
	 HCR_TWE | HCR_TSC | HCR_TIDCP | HCR_TAC | HCR_TSW)

#define HCPTR_VFP  (3u << 10) /* TCP10, TCP11: trap VFP and Advanced SIMD */
/*
 * HSTR.T15 (trap the implementation-defined c15) is what real hardware
 * wants, but QEMU 7.2 mistranslates every conditional CP15 access at PL1
 * while any HSTR bit is set: Linux's "mrcpl p15, 0, r3, c13, c0, 3" in an
 * IT block returned to its caller with the IT state left behind, an
 * undefined-instruction oops at the next branch (docs/vmm.md). QEMU makes
 * all of c15 read-as-zero on this CPU, so nothing is trapped here.
 */
#define HSTR_GUEST 0u
/* HDCR: trap debug ROM, OS and other debug registers, PMU registers and PMCR. */
#define HDCR_TRAPS ((1u << 11) | (1u << 10) | (1u << 9) | (1u << 6) | (1u << 5))
