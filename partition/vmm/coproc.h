/* SPDX-License-Identifier: MIT */
/*
 * Trapped coprocessor register accesses of an ARMv7 guest (Cortex-A15 as
 * the guest sees it): the HSR of a SYSREG exit decoded (ARM DDI 0406C
 * B3.13.6), and the registers the VMM answers. The kernel traps ACTLR
 * (HCR.TAC), the implementation-defined c9/c10/c11 encodings (HCR.TIDCP),
 * all of c15 (HSTR.T15) and the debug and PMU registers (HDCR).
 *
 * Answered: ACTLR reads 0x40 (SMP, as Linux expects of a Cortex-A15),
 * L2CTLR reads the number of VCPUs, CBAR reads the peripheral base; every
 * other c15, implementation-defined, PMU (c9 c12-c14) and debug (cp14
 * opc1 0) register reads as 0; all writes are ignored. Nothing else is
 * guessed. A 64-bit read (MRRC) and a read into APSR (Rt 15) are not
 * answered: a reply sets one register, and not the flags.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Exception classes (HSR bits 31-26) of coprocessor accesses. */
#define HSR_EC_SHIFT	  26
#define HSR_ISS_MASK	  0x01ffffffu
#define HSR_EC_CP15_32	  0x03 /* MCR/MRC p15 */
#define HSR_EC_CP15_64	  0x04 /* MCRR/MRRC p15 */
#define HSR_EC_CP14_32	  0x05 /* MCR/MRC p14 */
#define HSR_EC_CP14_64	  0x0c /* MRRC p14 */
#define COPROC_ACTLR_SMP  0x40u
#define COPROC_L2CTLR_CPU 24 /* L2CTLR: number of processors - 1, bits 25-24 */

/* One decoded MCR, MRC, MCRR or MRRC. */
struct coproc_access {
	unsigned int cp; /* 14 or 15 */
	unsigned int opc1, crn, crm, opc2;
	unsigned int rt, rt2;
	bool read; /* MRC/MRRC */
	bool wide; /* MCRR/MRRC: no CRn or opc2, Rt2 */
};

/* What the answers depend on. */
struct coproc_config {
	unsigned int vcpus;
	uint32_t periphbase; /* CBAR: the guest's private peripheral (GIC) base */
};

/**
 * coproc_decode() - decode the MCR, MRC, MCRR or MRRC trapped with @hsr into
 * @a. ERR_INVALID for any other exception class (LDC/STC p14, 0x06, among them).
 */
int coproc_decode(uint32_t hsr, struct coproc_access *a);

/**
 * coproc_emulate() - carry out @a: 0, with *@value the result of a read.
 * ERR_NOT_FOUND for a register the VMM does not answer, ERR_INVALID for a
 * read a reply cannot give (64-bit, or into APSR).
 */
int coproc_emulate(const struct coproc_config *c, const struct coproc_access *a, uint32_t *value);
