// SPDX-License-Identifier: MIT
/*
 * Cell table checker, shared by the host tool and the partition service:
 * freestanding C (no library calls), so that it compiles for the host under
 * the sanitizers and for ARM user level alike.
 */
#include <cella/celltable.h>

#define OFF_CHECKSUM offsetof(struct celltable_header, checksum)

uint32_t celltable_crc32(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1u));
	}
	return ~crc;
}

uint32_t celltable_checksum(const void *table, size_t len)
{
	static const uint8_t zero[sizeof(uint32_t)];
	const uint8_t *p = table;
	uint32_t crc = celltable_crc32(0, p, OFF_CHECKSUM);

	crc = celltable_crc32(crc, zero, sizeof(zero));
	return celltable_crc32(crc, p + OFF_CHECKSUM + sizeof(zero),
			       len - OFF_CHECKSUM - sizeof(zero));
}

/* A name is 1..31 characters, NUL-terminated and NUL-padded. */
static int check_name(const char *name)
{
	size_t n = 0;

	while (n < CELLTABLE_NAME_LEN && name[n])
		n++;
	if (n == 0 || n == CELLTABLE_NAME_LEN)
		return CELLTABLE_ERR_NAME;
	for (size_t i = n; i < CELLTABLE_NAME_LEN; i++)
		if (name[i])
			return CELLTABLE_ERR_NAME;
	return CELLTABLE_OK;
}

static int same_name(const char *a, const char *b)
{
	for (size_t i = 0; i < CELLTABLE_NAME_LEN; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static int page_aligned(uint64_t v)
{
	return (v & (CELLTABLE_PAGE - 1)) == 0;
}

/* [base, base + size) is a non-empty page-aligned range inside [lo, lo + span). */
static int range_inside(uint64_t base, uint64_t size, uint64_t lo, uint64_t span)
{
	if (!size || !page_aligned(base) || !page_aligned(size))
		return 0;
	if (base + size < base)
		return 0;
	return base >= lo && base + size <= lo + span && lo + span >= lo;
}

static int ranges_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return a < b + bsize && b < a + asize;
}

static int check_header(const struct celltable_header *h, size_t len)
{
	static const char sig[] = CELLTABLE_SIGNATURE;

	for (int i = 0; i < CELLTABLE_SIGNATURE_LEN; i++)
		if (h->signature[i] != sig[i])
			return CELLTABLE_ERR_SIGNATURE;
	if (h->version != CELLTABLE_VERSION)
		return CELLTABLE_ERR_VERSION;
	if (h->size < sizeof(*h) || h->size > len || h->size > CELLTABLE_MAX_SIZE)
		return CELLTABLE_ERR_SIZE;
	if (h->checksum != celltable_checksum(h, h->size))
		return CELLTABLE_ERR_CHECKSUM;
	return check_name(h->platform);
}

/* The arrays follow the header in order, without gaps, up to the end. */
static int check_layout(const struct celltable_header *h)
{
	uint32_t off = sizeof(*h);

	if (h->cell_count > CELLTABLE_MAX_CELLS || h->region_count > CELLTABLE_MAX_REGIONS ||
	    h->device_count > CELLTABLE_MAX_DEVICES || h->channel_count > CELLTABLE_MAX_CHANNELS)
		return CELLTABLE_ERR_LAYOUT;
	if (h->cells_offset != off)
		return CELLTABLE_ERR_LAYOUT;
	off += h->cell_count * sizeof(struct celltable_cell);
	if (h->regions_offset != off)
		return CELLTABLE_ERR_LAYOUT;
	off += h->region_count * sizeof(struct celltable_region);
	if (h->devices_offset != off)
		return CELLTABLE_ERR_LAYOUT;
	off += h->device_count * sizeof(struct celltable_device);
	if (h->channels_offset != off)
		return CELLTABLE_ERR_LAYOUT;
	off += h->channel_count * sizeof(struct celltable_channel);
	if (h->size != off || h->ncores == 0 || h->ncores > 64 || h->cell_count == 0)
		return CELLTABLE_ERR_LAYOUT;
	if (!range_inside(h->ram_base, h->ram_size, h->ram_base, h->ram_size))
		return CELLTABLE_ERR_RECORD;
	return CELLTABLE_OK;
}

static int check_cell_fields(const struct celltable_header *h, const struct celltable_cell *c)
{
	uint64_t valid_cores = h->ncores == 64 ? ~0ull : (1ull << h->ncores) - 1;
	int err = check_name(c->name);

	if (err || (err = check_name(c->image)))
		return err;
	if (c->kind > CELLTABLE_KIND_VM || c->on_fault > CELLTABLE_ON_FAULT_RESTART)
		return CELLTABLE_ERR_RECORD;
	if (c->prio_lo > c->prio_hi || !c->cores || (c->cores & ~valid_cores))
		return CELLTABLE_ERR_RECORD;
	if (!c->kmem_quota || !page_aligned(c->kmem_quota) || !c->region_count)
		return CELLTABLE_ERR_RECORD;
	return CELLTABLE_OK;
}

/* Cells own consecutive runs of regions and devices, which cover each array. */
static int check_cells(const void *t)
{
	const struct celltable_header *h = celltable_header(t);
	uint32_t next_region = 0, next_device = 0;

	for (unsigned int i = 0; i < h->cell_count; i++) {
		const struct celltable_cell *c = celltable_cell(t, i);
		int err = check_cell_fields(h, c);

		if (err)
			return err;
		if (c->first_region != next_region || c->first_device != next_device)
			return CELLTABLE_ERR_LAYOUT;
		next_region += c->region_count;
		next_device += c->device_count;
		for (unsigned int j = 0; j < i; j++) {
			const struct celltable_cell *o = celltable_cell(t, j);

			if (same_name(c->name, o->name))
				return CELLTABLE_ERR_RECORD;
			if ((c->cores & o->cores) &&
			    !celltable_bands_apart(c->prio_lo, c->prio_hi, o->prio_lo, o->prio_hi))
				return CELLTABLE_ERR_OVERLAP;
		}
	}
	if (next_region != h->region_count || next_device != h->device_count)
		return CELLTABLE_ERR_LAYOUT;
	return CELLTABLE_OK;
}

static int check_devices(const void *t)
{
	const struct celltable_header *h = celltable_header(t);

	for (unsigned int i = 0; i < h->device_count; i++) {
		const struct celltable_device *d = celltable_device(t, i);
		int err = check_name(d->name);

		if (err)
			return err;
		if (!range_inside(d->base, d->size, 0, 1ull << 40))
			return CELLTABLE_ERR_RECORD;
		if (d->irq_count > CELLTABLE_DEVICE_IRQS)
			return CELLTABLE_ERR_RECORD;
		/* Which IDs are devices' is the platform's (cellconf); the kernel refuses others. */
		for (unsigned int k = 0; k < d->irq_count; k++)
			if (d->irqs[k] > 1019)
				return CELLTABLE_ERR_RECORD;
		for (unsigned int j = 0; j < i; j++) {
			const struct celltable_device *o = celltable_device(t, j);

			if (same_name(d->name, o->name) ||
			    ranges_overlap(d->base, d->size, o->base, o->size))
				return CELLTABLE_ERR_OVERLAP;
		}
	}
	return CELLTABLE_OK;
}

static int check_channel_fields(const struct celltable_header *h, const struct celltable_channel *c)
{
	const uint8_t rw = CELLTABLE_RIGHT_READ | CELLTABLE_RIGHT_WRITE;
	int err = check_name(c->name);

	if (err)
		return err;
	if (c->cell[0] >= h->cell_count || c->cell[1] >= h->cell_count || c->cell[0] == c->cell[1])
		return CELLTABLE_ERR_RECORD;
	for (int s = 0; s < 2; s++)
		if (!(c->rights[s] & CELLTABLE_RIGHT_READ) || (c->rights[s] & ~rw))
			return CELLTABLE_ERR_RECORD;
	if (c->flags & ~CELLTABLE_CHANNEL_DOORBELL)
		return CELLTABLE_ERR_RECORD;
	if (c->doorbell_page % CELLTABLE_PAGE || c->reserved ||
	    (c->virq && (c->virq < CELLTABLE_VIRQ_MIN || c->virq > CELLTABLE_VIRQ_MAX)) ||
	    (!(c->flags & CELLTABLE_CHANNEL_DOORBELL) && (c->doorbell_page || c->virq)))
		return CELLTABLE_ERR_RECORD;
	if (!range_inside(c->base, c->size, h->ram_base, h->ram_size))
		return CELLTABLE_ERR_RECORD;
	return CELLTABLE_OK;
}

static int check_channels(const void *t)
{
	const struct celltable_header *h = celltable_header(t);

	for (unsigned int i = 0; i < h->channel_count; i++) {
		const struct celltable_channel *c = celltable_channel(t, i);
		int err = check_channel_fields(h, c);

		if (err)
			return err;
		for (unsigned int j = 0; j < i; j++)
			if (same_name(c->name, celltable_channel(t, j)->name))
				return CELLTABLE_ERR_RECORD;
	}
	return CELLTABLE_OK;
}

/* The i-th memory range of the table: regions first, then channels. */
static void memory_range(const void *t, unsigned int i, uint64_t *base, uint64_t *size)
{
	const struct celltable_header *h = celltable_header(t);

	if (i < h->region_count) {
		*base = celltable_region(t, i)->base;
		*size = celltable_region(t, i)->size;
	} else {
		*base = celltable_channel(t, i - h->region_count)->base;
		*size = celltable_channel(t, i - h->region_count)->size;
	}
}

static int check_memory(const void *t)
{
	const struct celltable_header *h = celltable_header(t);
	unsigned int n = h->region_count + h->channel_count;

	for (unsigned int i = 0; i < n; i++) {
		uint64_t base, size;

		memory_range(t, i, &base, &size);
		if (!range_inside(base, size, h->ram_base, h->ram_size))
			return CELLTABLE_ERR_RECORD;
		for (unsigned int j = 0; j < i; j++) {
			uint64_t obase, osize;

			memory_range(t, j, &obase, &osize);
			if (ranges_overlap(base, size, obase, osize))
				return CELLTABLE_ERR_OVERLAP;
		}
	}
	return CELLTABLE_OK;
}

int celltable_check(const void *table, size_t len)
{
	const struct celltable_header *h = table;
	int err;

	if (!table || ((uintptr_t)table & 7) || len < sizeof(*h))
		return CELLTABLE_ERR_SIZE;
	if ((err = check_header(h, len)) || (err = check_layout(h)))
		return err;
	if ((err = check_cells(table)) || (err = check_devices(table)))
		return err;
	if ((err = check_channels(table)))
		return err;
	return check_memory(table);
}

const char *celltable_strerror(int err)
{
	switch (err) {
	case CELLTABLE_OK:
		return "valid";
	case CELLTABLE_ERR_SIZE:
		return "truncated or oversized table";
	case CELLTABLE_ERR_SIGNATURE:
		return "not a cell table (bad signature)";
	case CELLTABLE_ERR_VERSION:
		return "unsupported cell table version";
	case CELLTABLE_ERR_CHECKSUM:
		return "checksum mismatch";
	case CELLTABLE_ERR_LAYOUT:
		return "counts or offsets out of bounds";
	case CELLTABLE_ERR_NAME:
		return "a name is empty, too long or not NUL-padded";
	case CELLTABLE_ERR_RECORD:
		return "a field is out of range";
	case CELLTABLE_ERR_OVERLAP:
		return "two cells share memory, a device, or a core with overlapping bands";
	default:
		return "unknown error";
	}
}
