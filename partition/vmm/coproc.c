// SPDX-License-Identifier: MIT
/* Trapped coprocessor registers (coproc.h): the HSR decoded, a table of answers. */
#include <stddef.h>

#include <cella/errors.h>

#include "coproc.h"

#define ANY	0xff   /* opc1 or opc2: any value */
#define ALL	0xffff /* CRn or CRm mask: any register */
#define C(n)	(1u << (n))
#define RT_APSR 15 /* MRC into APSR_nzcv */

/* Registers that match: bit n of crn/crm set for CRn/CRm n. */
struct coproc_reg {
	uint8_t cp;
	bool wide;
	uint8_t opc1, opc2;
	uint16_t crn, crm;
	uint32_t (*read)(const struct coproc_config *c); /* NULL: reads as 0 */
};

static uint32_t read_actlr(const struct coproc_config *c)
{
	return COPROC_ACTLR_SMP;
}

static uint32_t read_l2ctlr(const struct coproc_config *c)
{
	return (c->vcpus - 1) << COPROC_L2CTLR_CPU;
}

static uint32_t read_cbar(const struct coproc_config *c)
{
	return c->periphbase;
}

/* First match wins (Cortex-A15 TRM r4p0, ch. 4; ARMv7 ARM B3.17, B4.1). */
static const struct coproc_reg regs[] = {
	{15, false, 0, 1, C(1), C(0), read_actlr},  /* ACTLR */
	{15, false, 1, 2, C(9), C(0), read_l2ctlr}, /* L2CTLR */
	{15, false, 1, 3, C(9), C(0), NULL},	    /* L2ECTLR */
	{15, false, 4, 0, C(15), C(0), read_cbar},  /* CBAR */
	{15, false, ANY, ANY, C(15), ALL, NULL},    /* the rest of c15 */
	/* Implementation-defined encodings of c9, c10 and c11 (HCR.TIDCP). */
	{15, false, ANY, ANY, C(9), C(0) | C(1) | C(2) | C(5) | C(6) | C(7) | C(8), NULL},
	{15, false, ANY, ANY, C(10), C(0) | C(1) | C(4) | C(8), NULL},
	{15, false, ANY, ANY, C(11), 0x01ff | C(15), NULL},
	{15, false, 0, ANY, C(9), C(12) | C(13) | C(14), NULL}, /* PMU */
	{14, false, 0, ANY, 0x00ff, ALL, NULL},			/* debug: CRn c0-c7 */
	{15, true, ANY, ANY, ALL, C(15), NULL},			/* MCRR/MRRC c15 */
	{14, true, 0, ANY, ALL, C(1) | C(2), NULL},		/* DBGDRAR, DBGDSAR */
};

static void decode_32(uint32_t iss, struct coproc_access *a)
{
	a->opc2 = iss >> 17 & 7;
	a->opc1 = iss >> 14 & 7;
	a->crn = iss >> 10 & 0xf;
}

static void decode_64(uint32_t iss, struct coproc_access *a)
{
	a->wide = true;
	a->opc1 = iss >> 16 & 0xf;
	a->rt2 = iss >> 10 & 0xf;
}

int coproc_decode(uint32_t hsr, struct coproc_access *a)
{
	uint32_t ec = hsr >> HSR_EC_SHIFT, iss = hsr & HSR_ISS_MASK;

	*a = (struct coproc_access){.cp = 15};
	if (ec == HSR_EC_CP14_32 || ec == HSR_EC_CP14_64)
		a->cp = 14;
	if (ec == HSR_EC_CP15_32 || ec == HSR_EC_CP14_32)
		decode_32(iss, a);
	else if (ec == HSR_EC_CP15_64 || ec == HSR_EC_CP14_64)
		decode_64(iss, a);
	else
		return ERR_INVALID;
	a->rt = iss >> 5 & 0xf;
	a->crm = iss >> 1 & 0xf;
	a->read = iss & 1;
	return ERR_NONE;
}

static bool matches(const struct coproc_reg *r, const struct coproc_access *a)
{
	return r->cp == a->cp && r->wide == a->wide && (r->opc1 == ANY || r->opc1 == a->opc1) &&
	       (r->opc2 == ANY || r->opc2 == a->opc2) && (r->crn & C(a->crn)) &&
	       (r->crm & C(a->crm));
}

int coproc_emulate(const struct coproc_config *c, const struct coproc_access *a, uint32_t *value)
{
	for (unsigned int i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		const struct coproc_reg *r = &regs[i];

		if (!matches(r, a))
			continue;
		if (a->read && (a->wide || a->rt == RT_APSR))
			return ERR_INVALID;
		*value = a->read && r->read ? r->read(c) : 0;
		return ERR_NONE;
	}
	return ERR_NOT_FOUND;
}
