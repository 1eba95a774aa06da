// SPDX-License-Identifier: MIT
/* The binary cell table (partition/include/cella/celltable.h) from the model. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "emit.h"

/* Where the next record of each array goes while encoding. */
struct cursor {
	struct celltable_header *h;
	struct celltable_cell *cells;
	struct celltable_region *regions;
	struct celltable_device *devices;
	struct celltable_channel *channels;
};

static void put_name(char *dst, const char *src)
{
	size_t len = strnlen(src, CELLTABLE_NAME_LEN - 1);

	memset(dst, 0, CELLTABLE_NAME_LEN);
	memcpy(dst, src, len);
}

static unsigned int count_regions(const struct system *s)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < s->ncells; i++)
		n += s->cells[i].nregions;
	return n;
}

static unsigned int count_devices(const struct system *s)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < s->ncells; i++)
		n += s->cells[i].ndevices;
	return n;
}

static void put_header(const struct system *s, struct celltable_header *h)
{
	const struct platform *p = &s->platform;

	memcpy(h->signature, CELLTABLE_SIGNATURE, CELLTABLE_SIGNATURE_LEN);
	h->version = CELLTABLE_VERSION;
	h->ncores = p->topo.ncores;
	h->ram_base = p->ram_base;
	h->ram_size = p->ram_size;
	h->cell_count = (uint16_t)s->ncells;
	h->region_count = (uint16_t)count_regions(s);
	h->device_count = (uint16_t)count_devices(s);
	h->channel_count = (uint16_t)s->nchannels;
	h->cells_offset = sizeof(*h);
	h->regions_offset = h->cells_offset + h->cell_count * sizeof(struct celltable_cell);
	h->devices_offset = h->regions_offset + h->region_count * sizeof(struct celltable_region);
	h->channels_offset = h->devices_offset + h->device_count * sizeof(struct celltable_device);
	h->size = h->channels_offset + h->channel_count * sizeof(struct celltable_channel);
	put_name(h->platform, p->name);
}

static void put_device(const struct model_pdevice *pd, struct celltable_device *d)
{
	put_name(d->name, pd->name);
	d->base = pd->base;
	d->size = pd->size;
	d->irq_count = (uint16_t)pd->nirqs;
	for (unsigned int i = 0; i < pd->nirqs; i++)
		d->irqs[i] = pd->irqs[i];
}

static void put_cell(const struct system *s, const struct model_cell *m, struct cursor *cur)
{
	struct celltable_cell *c = cur->cells++;

	put_name(c->name, m->name);
	put_name(c->image, m->image);
	c->cores = m->cores;
	c->kmem_quota = (uint32_t)m->kmem;
	c->kind = (uint8_t)m->kind;
	c->on_fault = (uint8_t)m->on_fault;
	c->prio_lo = (uint8_t)m->prio_lo;
	c->prio_hi = (uint8_t)m->prio_hi;
	c->first_region = (uint16_t)(cur->regions - celltable_region(cur->h, 0));
	c->region_count = (uint16_t)m->nregions;
	c->first_device = (uint16_t)(cur->devices - celltable_device(cur->h, 0));
	c->device_count = (uint16_t)m->ndevices;
	for (unsigned int i = 0; i < m->nregions; i++, cur->regions++) {
		cur->regions->base = m->regions[i].base;
		cur->regions->size = m->regions[i].size;
	}
	for (unsigned int i = 0; i < m->ndevices; i++)
		put_device(&s->platform.devices[m->devices[i]], cur->devices++);
}

static void put_channel(const struct model_channel *m, struct celltable_channel *c)
{
	put_name(c->name, m->name);
	c->base = m->mem.base;
	c->size = m->mem.size;
	for (int side = 0; side < 2; side++) {
		c->cell[side] = (uint16_t)m->cell[side];
		c->rights[side] = m->rights[side];
	}
	c->flags = m->doorbell ? CELLTABLE_CHANNEL_DOORBELL : 0;
	c->doorbell_page = m->doorbell_page;
	c->virq = m->virq;
}

long emit_table(const struct system *s, void *buf, size_t len)
{
	struct celltable_header h = {0};
	struct cursor cur;

	put_header(s, &h);
	if (len < h.size)
		return -1;
	memset(buf, 0, h.size);
	memcpy(buf, &h, sizeof(h));
	cur = (struct cursor){buf, (struct celltable_cell *)celltable_cell(buf, 0),
			      (struct celltable_region *)celltable_region(buf, 0),
			      (struct celltable_device *)celltable_device(buf, 0),
			      (struct celltable_channel *)celltable_channel(buf, 0)};
	for (unsigned int i = 0; i < s->ncells; i++)
		put_cell(s, &s->cells[i], &cur);
	for (unsigned int i = 0; i < s->nchannels; i++)
		put_channel(&s->channels[i], cur.channels++);
	cur.h->checksum = celltable_checksum(buf, h.size);
	return (long)h.size;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cellconf: cannot write %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

/* DIR/CELL.vmboot: the boot record of a cell booting a kernel image, with its tree's size. */
static int write_vmboot(const struct model_cell *c, const char *dir, int dtb_len)
{
	struct vmboot v = c->boot.layout;
	char path[MODEL_PATH_LEN];

	v.dtb_size = (uint32_t)dtb_len;
	snprintf(path, sizeof(path), "%s/%s" VMBOOT_RECORD_SUFFIX, dir, c->name);
	return write_file(path, &v, sizeof(v));
}

static int write_dtbs(const struct system *s, const char *dir)
{
	static char dtb[VMBOOT_DTB_SLOT];
	char path[MODEL_PATH_LEN];

	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "cellconf: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (unsigned int i = 0; i < s->ncells; i++) {
		int len;

		if (s->cells[i].kind != CELLTABLE_KIND_VM)
			continue;
		len = emit_dtb(s, i, dtb, sizeof(dtb));
		if (len < 0) {
			fprintf(stderr, "cellconf: device tree of cell '%s': libfdt error %d\n",
				s->cells[i].name, len);
			return -1;
		}
		snprintf(path, sizeof(path), "%s/%s" VMBOOT_DTB_SUFFIX, dir, s->cells[i].name);
		if (write_file(path, dtb, (size_t)len) < 0 ||
		    (s->cells[i].boot.kernel != MODEL_KERNEL_NONE &&
		     write_vmboot(&s->cells[i], dir, len) < 0))
			return -1;
	}
	return 0;
}

int emit_files(const struct system *s, const char *table_path, const char *dtb_dir)
{
	static uint64_t table[CELLTABLE_MAX_SIZE / sizeof(uint64_t) + 1];
	long len = emit_table(s, table, sizeof(table));
	int err;

	if (len < 0 || (err = celltable_check(table, (size_t)len)) != CELLTABLE_OK) {
		fprintf(stderr, "cellconf: internal error: the encoded table does not check: %s\n",
			len < 0 ? "too large" : celltable_strerror(err));
		return -1;
	}
	if (write_file(table_path, table, (size_t)len) < 0)
		return -1;
	return dtb_dir ? write_dtbs(s, dtb_dir) : 0;
}
