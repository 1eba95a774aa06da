// SPDX-License-Identifier: MIT
/*
 * The emulated GICv2 distributor (vgicd.h): a table of the per-interrupt
 * registers, each an array of fields of 1, 2 or 8 bits per ID read and
 * written through one getter and setter, and a handful of single registers.
 */
#include <stddef.h>

#include <cella/errors.h>

#include "vgicd.h"

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_IIDR	0x008
#define GICD_SGIR	0xf00
#define GICD_PIDR4	0xfd0 /* first of the identification registers */
#define GICD_CTLR_EN	1u
#define TYPER_CPUS	5 /* CPUNumber: CPU interfaces - 1 */
#define SGIR_FILTER(v)	(((v) >> 24) & 3)
#define SGIR_TARGETS(v) (((v) >> 16) & 0xff)
#define SGIR_ID(v)	((v)&0xf)
#define SGIR_LIST	0 /* to the CPUs in the target list */
#define SGIR_OTHERS	1 /* to every CPU but the writer */
#define SGIR_SELF	2 /* to the writer */
#define GIC_SGIS	16
#define CFG_EDGE	2 /* ICFGR field: edge-triggered; bit 0 is reserved */

/* Per-interrupt registers: @len bytes at @base, @bits bits per ID. */
struct field_reg {
	uint16_t base;
	uint16_t len;
	uint8_t bits;
	bool bytes; /* byte accesses allowed */
	uint32_t (*get)(struct vgicd *d, unsigned int vcpu, unsigned int id);
	void (*set)(struct vgicd *d, unsigned int vcpu, unsigned int id, uint32_t field);
};

int vgicd_init(struct vgicd *d, unsigned int vcpus, const struct vgicd_ops *ops, void *ctx)
{
	if (vcpus == 0 || vcpus > VCPU_MAX)
		return ERR_INVALID;
	*d = (struct vgicd){.vcpus = vcpus, .ops = ops, .ctx = ctx};
	return ERR_NONE;
}

static void call(struct vgicd *d, unsigned int vcpu, unsigned int id, unsigned int op)
{
	if (d->ops->virq(d->ctx, vcpu, id, op) < 0)
		d->stats.ops_failed++;
}

int vgicd_bind_spi(struct vgicd *d, unsigned int virq, unsigned int vcpu)
{
	if (virq < VGICD_SPI0 || virq >= VIRQ_COUNT || vcpu >= d->vcpus)
		return ERR_INVALID;
	struct vgicd_spi *s = &d->spi[virq - VGICD_SPI0];

	if (s->enabled && s->owner != vcpu) {
		call(d, s->owner, virq, VIRQ_DISABLE);
		call(d, vcpu, virq, VIRQ_ENABLE);
	}
	s->owner = (uint8_t)vcpu;
	return ERR_NONE;
}

static struct vgicd_spi *spi(struct vgicd *d, unsigned int id)
{
	return &d->spi[id - VGICD_SPI0];
}

static uint32_t get_zero(struct vgicd *d, unsigned int vcpu, unsigned int id)
{
	return 0;
}

static uint32_t get_enable(struct vgicd *d, unsigned int vcpu, unsigned int id)
{
	if (id < VGICD_SPI0)
		return d->bank[vcpu].enabled >> id & 1;
	return spi(d, id)->enabled;
}

/* Enable (@on) or disable @id as the guest on @vcpu sees it; the kernel hears of changes. */
static void change_enable(struct vgicd *d, unsigned int vcpu, unsigned int id, bool on)
{
	if (get_enable(d, vcpu, id) == on)
		return;
	if (id < VGICD_SPI0) {
		d->bank[vcpu].enabled ^= 1u << id;
	} else {
		spi(d, id)->enabled = on;
		vcpu = spi(d, id)->owner;
	}
	call(d, vcpu, id, on ? VIRQ_ENABLE : VIRQ_DISABLE);
}

static void set_enable(struct vgicd *d, unsigned int vcpu, unsigned int id, uint32_t field)
{
	if (field)
		change_enable(d, vcpu, id, true);
}

static void clear_enable(struct vgicd *d, unsigned int vcpu, unsigned int id, uint32_t field)
{
	if (field)
		change_enable(d, vcpu, id, false);
}

static void set_pending(struct vgicd *d, unsigned int vcpu, unsigned int id, uint32_t field)
{
	if (!field || id < GIC_SGIS)
		return;
	call(d, id < VGICD_SPI0 ? vcpu : spi(d, id)->owner, id, VIRQ_RAISE);
}

static uint32_t get_prio(struct vgicd *d, unsigned int vcpu, unsigned int id)
{
	return id < VGICD_SPI0 ? d->bank[vcpu].prio[id] : spi(d, id)->prio;
}

static void set_prio(struct vgicd *d, unsigned int vcpu, unsigned int id, uint32_t field)
{
	uint8_t prio = (uint8_t)(field & VGICD_PRIO_MASK);

	if (id < VGICD_SPI0)
		d->bank[vcpu].prio[id] = prio;
	else
		spi(d, id)->prio = prio;
}

/* Banked IDs target only the reader (GICv2 4.3.12). */
static uint32_t get_target(struct vgicd *d, unsigned int vcpu, unsigned int id)
{
	return id < VGICD_SPI0 ? 1u << vcpu : spi(d, id)->target;
}

static void set_target(struct vgicd *d, unsigned int vcpu, unsigned int id, uint32_t field)
{
	if (id >= VGICD_SPI0)
		spi(d, id)->target = (uint8_t)(field & ((1u << d->vcpus) - 1));
}

static uint32_t get_cfg(struct vgicd *d, unsigned int vcpu, unsigned int id)
{
	if (id < GIC_SGIS)
		return CFG_EDGE;
	return id < VGICD_SPI0 ? d->bank[vcpu].cfg[id] : spi(d, id)->cfg;
}

/* SGIs are always edge-triggered; the reserved low bit reads as 0. */
static void set_cfg(struct vgicd *d, unsigned int vcpu, unsigned int id, uint32_t field)
{
	if (id < GIC_SGIS)
		return;
	if (id < VGICD_SPI0)
		d->bank[vcpu].cfg[id] = (uint8_t)(field & CFG_EDGE);
	else
		spi(d, id)->cfg = (uint8_t)(field & CFG_EDGE);
}

/* Offsets from the GICv2 architecture specification, table 4-1. */
static const struct field_reg field_regs[] = {
	{0x080, 0x80, 1, false, get_zero, NULL},	   /* IGROUPR: all group 0 */
	{0x100, 0x80, 1, false, get_enable, set_enable},   /* ISENABLER */
	{0x180, 0x80, 1, false, get_enable, clear_enable}, /* ICENABLER */
	{0x200, 0x80, 1, false, get_zero, set_pending},	   /* ISPENDR */
	{0x280, 0x80, 1, false, get_zero, NULL},	   /* ICPENDR */
	{0x300, 0x80, 1, false, get_zero, NULL},	   /* ISACTIVER */
	{0x380, 0x80, 1, false, get_zero, NULL},	   /* ICACTIVER */
	{0x400, 0x400, 8, true, get_prio, set_prio},	   /* IPRIORITYR */
	{0x800, 0x400, 8, true, get_target, set_target},   /* ITARGETSR */
	{0xc00, 0x100, 2, false, get_cfg, set_cfg},	   /* ICFGR */
	{0xf10, 0x20, 8, true, get_zero, NULL},		   /* CPENDSGIR, SPENDSGIR */
};

/* GIC-400's identification registers, PIDR4-7, PIDR0-3, CIDR0-3. */
static const uint8_t id_regs[12] = {0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0, 0x0d, 0xf0, 0x05, 0xb1};

static const struct field_reg *find_field_reg(uint32_t offset)
{
	for (unsigned int i = 0; i < sizeof(field_regs) / sizeof(field_regs[0]); i++)
		if (offset - field_regs[i].base < field_regs[i].len)
			return &field_regs[i];
	return NULL;
}

/* The first ID an access at @offset covers, VIRQ_COUNT or more if none exists. */
static unsigned int first_id(const struct field_reg *r, uint32_t offset)
{
	return (offset - r->base) * 8 / r->bits;
}

/* Whether GICv2 allows a @size-byte access at @offset (of @r, if not NULL). */
static bool access_ok(const struct field_reg *r, uint32_t offset, unsigned int size)
{
	if (size != 4 && !(size == 1 && r && r->bytes))
		return false;
	return offset % size == 0 && offset < VGICD_SIZE;
}

static uint32_t read_field_reg(struct vgicd *d, unsigned int vcpu, const struct field_reg *r,
			       uint32_t offset, unsigned int size)
{
	unsigned int id = first_id(r, offset), fields = size * 8 / r->bits;
	uint32_t value = 0;

	for (unsigned int i = 0; i < fields; i++)
		value |= r->get(d, vcpu, id + i) << (i * r->bits);
	return value;
}

static void write_field_reg(struct vgicd *d, unsigned int vcpu, const struct field_reg *r,
			    uint32_t offset, unsigned int size, uint32_t value)
{
	unsigned int id = first_id(r, offset), fields = size * 8 / r->bits;
	uint32_t mask = (1u << r->bits) - 1;

	if (!r->set)
		return;
	for (unsigned int i = 0; i < fields; i++)
		r->set(d, vcpu, id + i, value >> (i * r->bits) & mask);
}

static uint32_t read_single(struct vgicd *d, unsigned int vcpu, uint32_t offset)
{
	switch (offset) {
	case GICD_CTLR:
		return d->ctlr;
	case GICD_TYPER:
		return (d->vcpus - 1) << TYPER_CPUS | (VIRQ_COUNT / 32 - 1); /* ITLinesNumber */
	case GICD_IIDR:
		return VGICD_IIDR;
	case GICD_SGIR:
		return 0; /* write-only */
	}
	if (offset >= GICD_PIDR4)
		return id_regs[(offset - GICD_PIDR4) / 4];
	d->stats.reserved++;
	return 0;
}

/* GICD_SGIR, should a guest write reach the VMM rather than the kernel. */
static void write_sgir(struct vgicd *d, unsigned int vcpu, uint32_t value)
{
	uint32_t targets = SGIR_TARGETS(value);
	uint32_t all = (1u << d->vcpus) - 1;

	if (SGIR_FILTER(value) == SGIR_OTHERS)
		targets = all & ~(1u << vcpu);
	else if (SGIR_FILTER(value) == SGIR_SELF)
		targets = 1u << vcpu;
	else if (SGIR_FILTER(value) != SGIR_LIST)
		targets = 0;
	for (unsigned int t = 0; t < d->vcpus; t++)
		if (targets & all & 1u << t)
			call(d, t, SGIR_ID(value), VIRQ_RAISE);
}

static void write_single(struct vgicd *d, unsigned int vcpu, uint32_t offset, uint32_t value)
{
	switch (offset) {
	case GICD_CTLR:
		d->ctlr = value & GICD_CTLR_EN;
		return;
	case GICD_SGIR:
		write_sgir(d, vcpu, value);
		return;
	case GICD_TYPER:
	case GICD_IIDR:
		return; /* read-only */
	}
	if (offset < GICD_PIDR4)
		d->stats.reserved++;
}

/*
 * Whether VCPU @vcpu may make a @size-byte access at @offset, counting those
 * it may not; *@r is the per-interrupt register it reaches, NULL for a single one.
 */
static bool lookup(struct vgicd *d, unsigned int vcpu, uint32_t offset, unsigned int size,
		   const struct field_reg **r)
{
	*r = find_field_reg(offset);
	if (vcpu >= d->vcpus || !access_ok(*r, offset, size)) {
		d->stats.bad_access++;
		return false;
	}
	if (*r && first_id(*r, offset) >= VIRQ_COUNT) {
		d->stats.reserved++;
		return false;
	}
	return true;
}

uint32_t vgicd_read(struct vgicd *d, unsigned int vcpu, uint32_t offset, unsigned int size)
{
	const struct field_reg *r;

	if (!lookup(d, vcpu, offset, size, &r))
		return 0;
	return r ? read_field_reg(d, vcpu, r, offset, size) : read_single(d, vcpu, offset);
}

void vgicd_write(struct vgicd *d, unsigned int vcpu, uint32_t offset, unsigned int size,
		 uint32_t value)
{
	const struct field_reg *r;

	if (!lookup(d, vcpu, offset, size, &r))
		return;
	if (r)
		write_field_reg(d, vcpu, r, offset, size, value);
	else
		write_single(d, vcpu, offset, value);
}
