// SPDX-License-Identifier: MIT
/*
 * Checks across cells: cores, devices, fixed memory, kernel-memory quotas,
 * images, and (vmcell.c) what a cell booting a kernel image needs.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "model.h"
#include "values.h"

/* A fixed region and who owns it, for overlap messages. */
struct owner {
	const struct model_region *reg;
	const char *what; /* "cell" or "channel" */
	const char *name;
};

static void range_text(uint64_t base, uint64_t size, char *buf, size_t len)
{
	snprintf(buf, len, "0x%llx-0x%llx", (unsigned long long)base,
		 (unsigned long long)(base + size - 1));
}

static int overlaps(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return a < b + bsize && b < a + asize;
}

/*
 * Cells may share a core if their priority bands are apart: the higher one
 * preempts the lower whenever it has work (celltable_bands_apart()).
 */
static int check_cores(struct system *s, struct diag *d)
{
	int bad = 0;

	for (unsigned int i = 0; i < s->ncells; i++)
		for (unsigned int j = 0; j < i; j++) {
			const struct model_cell *a = &s->cells[j], *b = &s->cells[i];
			uint64_t shared = a->cores & b->cores;

			if (celltable_bands_apart(a->prio_lo, a->prio_hi, b->prio_lo, b->prio_hi))
				continue;
			for (unsigned int core = 0; shared; core++, shared >>= 1)
				if (shared & 1) {
					diag_error(
						d, s->file, b->core_marks[core],
						"core %u is already in cell '%s' (line %u), whose band %u..%u is not apart from %u..%u of cell '%s'; valid: cells sharing a core have bands with a free priority between them, e.g. 10..100 and 102..250",
						core, a->name, a->core_marks[core].line, a->prio_lo,
						a->prio_hi, b->prio_lo, b->prio_hi, b->name);
					bad = 1;
				}
		}
	return bad ? -1 : 0;
}

static int device_owner(const struct system *s, unsigned int before, unsigned int dev,
			unsigned int *line)
{
	for (unsigned int j = 0; j < before; j++)
		for (unsigned int k = 0; k < s->cells[j].ndevices; k++)
			if (s->cells[j].devices[k] == dev) {
				*line = s->cells[j].device_marks[k].line;
				return (int)j;
			}
	return -1;
}

static int check_devices(struct system *s, struct diag *d)
{
	int bad = 0;
	unsigned int line;

	for (unsigned int i = 0; i < s->ncells; i++)
		for (unsigned int k = 0; k < s->cells[i].ndevices; k++) {
			unsigned int dev = s->cells[i].devices[k];
			int j = device_owner(s, i, dev, &line);

			if (j < 0)
				continue;
			diag_error(
				d, s->file, s->cells[i].device_marks[k],
				"device '%s' is already given to cell '%s' (line %u); a device belongs to one cell",
				s->platform.devices[dev].name, s->cells[j].name, line);
			bad = 1;
		}
	return bad ? -1 : 0;
}

/* A fixed region inside RAM and outside every reserved range. */
static int check_in_ram(struct system *s, const struct model_region *reg, struct diag *d)
{
	const struct platform *p = &s->platform;
	char r[64], o[64];

	range_text(reg->base, reg->size, r, sizeof(r));
	if (reg->base < p->ram_base || reg->base + reg->size > p->ram_base + p->ram_size) {
		range_text(p->ram_base, p->ram_size, o, sizeof(o));
		diag_error(d, s->file, reg->mark,
			   "memory %s is outside RAM; valid: inside %s of %s", r, o, p->name);
		return -1;
	}
	for (unsigned int i = 0; i < p->nreserved; i++)
		if (overlaps(reg->base, reg->size, p->reserved[i].base, p->reserved[i].size)) {
			range_text(p->reserved[i].base, p->reserved[i].size, o, sizeof(o));
			diag_error(d, s->file, reg->mark,
				   "memory %s overlaps %s's reserved range '%s' (%s)", r, p->name,
				   p->reserved[i].name, o);
			return -1;
		}
	return 0;
}

static unsigned int fixed_regions(struct system *s, struct owner *out)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < s->ncells; i++)
		for (unsigned int k = 0; k < s->cells[i].nregions; k++)
			if (!s->cells[i].regions[k].open)
				out[n++] = (struct owner){&s->cells[i].regions[k], "cell",
							  s->cells[i].name};
	for (unsigned int i = 0; i < s->nchannels; i++)
		if (!s->channels[i].mem.open)
			out[n++] =
				(struct owner){&s->channels[i].mem, "channel", s->channels[i].name};
	return n;
}

static int check_memory(struct system *s, struct diag *d)
{
	static struct owner
		fixed[CELLTABLE_MAX_CELLS * MODEL_CELL_REGIONS + CELLTABLE_MAX_CHANNELS];
	unsigned int n = fixed_regions(s, fixed);
	int bad = 0;
	char r[64], o[64];

	for (unsigned int i = 0; i < n; i++) {
		const struct model_region *a = fixed[i].reg;

		if (check_in_ram(s, a, d) < 0) {
			bad = 1;
			continue;
		}
		for (unsigned int j = 0; j < i; j++) {
			const struct model_region *b = fixed[j].reg;

			if (!overlaps(a->base, a->size, b->base, b->size))
				continue;
			range_text(a->base, a->size, r, sizeof(r));
			range_text(b->base, b->size, o, sizeof(o));
			diag_error(d, s->file, a->mark,
				   "memory %s overlaps memory %s of %s '%s' (line %u)", r, o,
				   fixed[j].what, fixed[j].name, b->mark.line);
			bad = 1;
			break;
		}
	}
	return bad ? -1 : 0;
}

static int check_kmem(struct system *s, struct diag *d)
{
	uint64_t total = 0;
	char t[16], p[16];

	for (unsigned int i = 0; i < s->ncells; i++) {
		total += s->cells[i].kmem;
		if (total > s->platform.kmem_pool) {
			diag_error(
				d, s->file, s->cells[i].kmem_mark,
				"kernel-memory of cell '%s' brings the total to %s, over %s's pool of %s",
				s->cells[i].name, value_size_text(total, t, sizeof(t)),
				s->platform.name,
				value_size_text(s->platform.kmem_pool, p, sizeof(p)));
			return -1;
		}
	}
	return 0;
}

/* The first of DIR/NAME.elf, DIR/NAME over the image directories that is a file. */
static int find_image(const struct model_paths *paths, struct model_cell *c)
{
	static const char *const suffixes[] = {".elf", ""};
	char path[sizeof(c->image_path)];
	struct stat st;

	for (unsigned int i = 0; i < paths->nimage_dirs; i++)
		for (int k = 0; k < 2; k++) {
			snprintf(path, sizeof(path), "%s/%s%s", paths->image_dirs[i], c->image,
				 suffixes[k]);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				memcpy(c->image_path, path, sizeof(path));
				return 0;
			}
		}
	c->image_path[0] = '\0';
	return -1;
}

static int check_images(struct system *s, const struct model_paths *paths, struct diag *d)
{
	char dirs[600];
	int bad = 0;

	value_join(dirs, sizeof(dirs), paths->image_dirs);
	for (unsigned int i = 0; i < s->ncells; i++) {
		struct model_cell *c = &s->cells[i];
		int vm = c->kind == CELLTABLE_KIND_VM;

		if ((vm && vmcell_find_kernel(paths, c)) || find_image(paths, c) == 0)
			continue;
		diag_error(
			d, s->file, c->image_mark,
			"image '%s' does not exist: no file %s%s%s%s%s.elf or %s in %s (see --images)",
			c->image, vm ? c->image : "", vm ? VMBOOT_ZIMAGE_SUFFIX ", " : "",
			vm ? c->image : "", vm ? VMBOOT_RAW_SUFFIX ", " : "", c->image, c->image,
			paths->nimage_dirs ? dirs : "(no directory)");
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* The table has room for CELLTABLE_MAX_REGIONS regions in all. */
static int check_region_count(struct system *s, struct diag *d)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < s->ncells; i++) {
		n += s->cells[i].nregions;
		if (n > CELLTABLE_MAX_REGIONS) {
			diag_error(
				d, s->file, s->cells[i].mark,
				"cell '%s' brings the memory regions of all cells to %u; valid: at most %d",
				s->cells[i].name, n, CELLTABLE_MAX_REGIONS);
			return -1;
		}
	}
	return 0;
}

int check_system(struct system *s, const struct model_paths *paths, struct diag *d)
{
	int bad = check_cores(s, d) < 0;

	bad |= check_region_count(s, d) < 0;

	bad |= check_devices(s, d) < 0;
	bad |= check_memory(s, d) < 0;
	bad |= check_kmem(s, d) < 0;
	bad |= check_images(s, paths, d) < 0;
	bad |= vmcell_check(s, d) < 0;
	return bad ? -1 : 0;
}
