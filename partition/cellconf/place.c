// SPDX-License-Identifier: MIT
/*
 * Deterministic placement of the memory a description leaves open: in file
 * order (each cell's regions, then each channel), the lowest free address of
 * RAM aligned to the region's natural alignment (its largest power-of-two
 * divisor, at most 2M, the LPAE block size; 128M for the first region of a
 * VM cell that boots a zImage, at least 1M for one booting a raw boot
 * image) that overlaps nothing placed before it nor any reserved range.
 */
#include <stdio.h>

#include "model.h"
#include "values.h"

#define PLACE_MAX_ALIGN (2ull << 20)
#define PLACE_MAX_USED \
	(MODEL_MAX_RESERVED + CELLTABLE_MAX_CELLS * MODEL_CELL_REGIONS + CELLTABLE_MAX_CHANNELS)

struct used {
	uint64_t base[PLACE_MAX_USED];
	uint64_t size[PLACE_MAX_USED];
	unsigned int n;
};

static uint64_t natural_align(uint64_t size)
{
	uint64_t align = size & -size;

	return align > PLACE_MAX_ALIGN ? PLACE_MAX_ALIGN : align;
}

/*
 * A zImage finds its RAM base by rounding its own address down to 128M; a
 * raw boot image is loaded at the first region's base, on a 1M boundary.
 */
static uint64_t region_align(const struct model_cell *c, unsigned int k)
{
	uint64_t align = natural_align(c->regions[k].size);

	if (k == 0 && c->boot.kernel == MODEL_KERNEL_ZIMAGE)
		return VMBOOT_RAM_ALIGN;
	if (k == 0 && c->boot.kernel == MODEL_KERNEL_RAW && align < VMBOOT_RAW_ALIGN)
		return VMBOOT_RAW_ALIGN;
	return align;
}

static void use(struct used *u, uint64_t base, uint64_t size)
{
	u->base[u->n] = base;
	u->size[u->n] = size;
	u->n++;
}

/* The lowest @align-aligned base for @size that is free into @out; -1 if none. */
static int first_fit(const struct platform *p, const struct used *u, uint64_t size, uint64_t align,
		     uint64_t *out)
{
	uint64_t end = p->ram_base + p->ram_size;
	uint64_t base = (p->ram_base + align - 1) & ~(align - 1);
	unsigned int i = 0;

	while (base + size <= end && i < u->n) {
		if (base < u->base[i] + u->size[i] && u->base[i] < base + size) {
			base = (u->base[i] + u->size[i] + align - 1) & ~(align - 1);
			i = 0;
		} else {
			i++;
		}
	}
	*out = base;
	return base + size <= end && base >= p->ram_base ? 0 : -1;
}

static int place(struct system *s, struct used *u, struct model_region *reg, uint64_t align,
		 const char *what, const char *name, struct diag *d)
{
	uint64_t base;
	char size[16], atext[16];

	if (first_fit(&s->platform, u, reg->size, align, &base) < 0) {
		diag_error(
			d, s->file, reg->mark,
			"memory %s of %s '%s' does not fit: no free range of that size aligned to %s is left in RAM of %s",
			value_size_text(reg->size, size, sizeof(size)), what, name,
			value_size_text(align, atext, sizeof(atext)), s->platform.name);
		return -1;
	}
	reg->base = base;
	use(u, base, reg->size);
	return 0;
}

static void use_fixed(struct system *s, struct used *u)
{
	for (unsigned int i = 0; i < s->platform.nreserved; i++)
		use(u, s->platform.reserved[i].base, s->platform.reserved[i].size);
	for (unsigned int i = 0; i < s->ncells; i++)
		for (unsigned int k = 0; k < s->cells[i].nregions; k++)
			if (!s->cells[i].regions[k].open)
				use(u, s->cells[i].regions[k].base, s->cells[i].regions[k].size);
	for (unsigned int i = 0; i < s->nchannels; i++)
		if (!s->channels[i].mem.open)
			use(u, s->channels[i].mem.base, s->channels[i].mem.size);
}

int place_memory(struct system *s, struct diag *d)
{
	static struct used u;
	int bad = 0;

	u.n = 0;
	use_fixed(s, &u);
	for (unsigned int i = 0; i < s->ncells; i++)
		for (unsigned int k = 0; k < s->cells[i].nregions; k++)
			if (s->cells[i].regions[k].open)
				bad |= place(s, &u, &s->cells[i].regions[k],
					     region_align(&s->cells[i], k), "cell",
					     s->cells[i].name, d) < 0;
	for (unsigned int i = 0; i < s->nchannels; i++)
		if (s->channels[i].mem.open)
			bad |= place(s, &u, &s->channels[i].mem,
				     natural_align(s->channels[i].mem.size), "channel",
				     s->channels[i].name, d) < 0;
	return bad ? -1 : 0;
}
