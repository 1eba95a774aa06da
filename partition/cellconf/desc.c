// SPDX-License-Identifier: MIT
/*
 * System descriptions: the top level and each cell, read into the model.
 * Channels are in desc_channel.c, cross-cell checks in check.c.
 */
#include <stdio.h>
#include <string.h>

#include "desc.h"
#include "values.h"

static const char *const top_keys[] = {"platform", "cells", "channels", NULL};
static const char *const top_required[] = {"platform", "cells", NULL};
static const char *const cell_keys[] = {"kind",	    "image",   "cores",	   "memory",
					"priority", "devices", "on_fault", "kernel-memory",
					"bootargs", "trusted", NULL};
static const char *const cell_required[] = {"kind", "image", "cores", "memory", "priority", NULL};
static const char *const kinds[] = {"native", "vm", NULL};
static const char *const trust[] = {"all-memory", NULL};
static const char *const on_fault[] = {"stop", "restart", NULL};
static const char *const region_keys[] = {"base", "size", NULL};
static const char *const region_required[] = {"size", NULL};

static int read_core(struct reader *r, struct system *s, struct model_cell *c,
		     const struct ynode *n)
{
	unsigned int ncores = s->platform.topo.ncores;
	uint64_t core;

	if (value_scalar(r, n, "a core"))
		return -1;
	if (value_parse_uint(n->value, &core) < 0) {
		value_error(r, n, "core '%s' is not a core number; valid: 0 to %u", n->value,
			    ncores - 1);
		return -1;
	}
	if (core >= ncores) {
		value_error(r, n, "core %llu does not exist; valid: 0 to %u (%s has %u cores)",
			    (unsigned long long)core, ncores - 1, s->platform.name, ncores);
		return -1;
	}
	if (c->cores & (1ull << core)) {
		value_error(r, n, "core %llu is listed twice in cell '%s' (first at line %u)",
			    (unsigned long long)core, c->name, c->core_marks[core].line);
		return -1;
	}
	c->cores |= 1ull << core;
	c->core_marks[core] = n->mark;
	return 0;
}

static int read_cores(struct reader *r, struct system *s, struct model_cell *c,
		      const struct ynode *n)
{
	int bad = 0;

	if (value_kind(r, n, YNODE_SEQ, "cores (a list such as [1, 2])"))
		return -1;
	if (!n->count) {
		value_error(r, n, "cores of cell '%s' is empty; a cell needs at least one core",
			    c->name);
		return -1;
	}
	for (size_t i = 0; i < n->count; i++)
		bad |= read_core(r, s, c, n->items[i]) < 0;
	return bad ? -1 : 0;
}

/* One region: a size (placed by cellconf) or {base: ADDR, size: SIZE}. */
static int read_region(struct reader *r, struct model_region *reg, const struct ynode *n)
{
	const struct ynode *base;

	reg->mark = n->mark;
	reg->open = 1;
	if (n->kind == YNODE_SCALAR)
		return value_size(r, n, "memory size", &reg->size);
	if (value_kind(r, n, YNODE_MAP, "a memory region (SIZE or {base: ADDR, size: SIZE})") ||
	    value_keys(r, n, "a memory region", region_keys, region_required) ||
	    value_size(r, ytree_get(n, "size"), "memory size", &reg->size))
		return -1;
	base = ytree_get(n, "base");
	if (!base)
		return 0;
	reg->open = 0;
	return value_address(r, base, "memory base", &reg->base);
}

static int read_memory(struct reader *r, struct model_cell *c, const struct ynode *n)
{
	int bad = 0;

	if (n->kind != YNODE_SEQ) {
		c->nregions = 1;
		return read_region(r, &c->regions[0], n);
	}
	if (!n->count || n->count > MODEL_CELL_REGIONS) {
		value_error(r, n, "memory of cell '%s' lists %zu regions; valid: 1 to %d", c->name,
			    n->count, MODEL_CELL_REGIONS);
		return -1;
	}
	for (size_t i = 0; i < n->count; i++)
		bad |= read_region(r, &c->regions[c->nregions++], n->items[i]) < 0;
	return bad ? -1 : 0;
}

static int find_device(const struct platform *p, const char *name)
{
	for (unsigned int i = 0; i < p->ndevices; i++)
		if (!strcmp(p->devices[i].name, name))
			return (int)i;
	return -1;
}

static int read_device(struct reader *r, struct system *s, struct model_cell *c,
		       const struct ynode *n)
{
	const struct platform *p = &s->platform;
	char valid[400];
	size_t used = 0;
	int dev;

	if (value_scalar(r, n, "a device"))
		return -1;
	dev = find_device(p, n->value);
	if (dev < 0) {
		for (unsigned int i = 0; i < p->ndevices && used < sizeof(valid); i++)
			used += snprintf(valid + used, sizeof(valid) - used, "%s%s", i ? ", " : "",
					 p->devices[i].name);
		value_error(r, n, "unknown device '%s'; valid on %s: %s", n->value, p->name,
			    p->ndevices ? valid : "none");
		return -1;
	}
	for (unsigned int i = 0; i < c->ndevices; i++)
		if (c->devices[i] == (unsigned int)dev) {
			value_error(r, n,
				    "device '%s' is listed twice in cell '%s' (first at line %u)",
				    n->value, c->name, c->device_marks[i].line);
			return -1;
		}
	if (p->devices[dev].dma && !c->trusted) {
		value_error(r, n,
			    "device '%s' is a bus master that can read and write all of memory "
			    "(this board has no IOMMU); give it only to a cell trusted with all of "
			    "memory: add 'trusted: all-memory' to cell '%s'",
			    n->value, c->name);
		return -1;
	}
	c->device_marks[c->ndevices] = n->mark;
	c->devices[c->ndevices++] = (unsigned int)dev;
	return 0;
}

static int read_devices(struct reader *r, struct system *s, struct model_cell *c,
			const struct ynode *n)
{
	int bad = 0;

	if (!n)
		return 0;
	if (value_kind(r, n, YNODE_SEQ, "devices (a list such as [uart1])"))
		return -1;
	if (n->count > MODEL_CELL_DEVICES) {
		value_error(r, n, "more than %d devices in cell '%s'", MODEL_CELL_DEVICES, c->name);
		return -1;
	}
	for (size_t i = 0; i < n->count; i++)
		bad |= read_device(r, s, c, n->items[i]) < 0;
	return bad ? -1 : 0;
}

static int read_choices(struct reader *r, struct model_cell *c, const struct ynode *n)
{
	const struct ynode *fault = ytree_get(n, "on_fault"), *kmem = ytree_get(n, "kernel-memory");
	int kind = value_choice(r, ytree_get(n, "kind"), "kind", kinds), f = 0;

	c->kind = kind == 1 ? CELLTABLE_KIND_VM : CELLTABLE_KIND_NATIVE;
	if (fault && (f = value_choice(r, fault, "on_fault", on_fault)) < 0)
		kind = -1;
	c->on_fault = f == 1 ? CELLTABLE_ON_FAULT_RESTART : CELLTABLE_ON_FAULT_STOP;
	c->kmem = MODEL_DEFAULT_KMEM;
	c->kmem_mark = c->mark;
	if (kmem) {
		c->kmem_mark = kmem->mark;
		if (value_size(r, kmem, "kernel-memory", &c->kmem))
			kind = -1;
	}
	return kind < 0 ? -1 : 0;
}

/* A VM cell's kernel command line: its own, or MODEL_DEFAULT_BOOTARGS. */
static int read_bootargs(struct reader *r, struct model_cell *c, const struct ynode *cell)
{
	const struct ynode *n = ytree_get(cell, "bootargs"), *kind = ytree_get(cell, "kind");

	snprintf(c->bootargs, sizeof(c->bootargs), "%s", MODEL_DEFAULT_BOOTARGS);
	if (!n)
		return 0;
	if (value_scalar(r, n, "bootargs"))
		return -1;
	if (kind->kind == YNODE_SCALAR && !strcmp(kind->value, "native")) {
		value_error(r, n,
			    "bootargs in native cell '%s': only a vm cell has a kernel command "
			    "line; valid: kind: vm, or no bootargs",
			    c->name);
		return -1;
	}
	if (strlen(n->value) >= sizeof(c->bootargs)) {
		value_error(r, n, "bootargs of cell '%s' has %zu characters; valid: at most %zu",
			    c->name, strlen(n->value), sizeof(c->bootargs) - 1);
		return -1;
	}
	snprintf(c->bootargs, sizeof(c->bootargs), "%s", n->value);
	return 0;
}

/* trusted: all-memory: the cell may be given devices that reach all of memory. */
static int read_trusted(struct reader *r, struct model_cell *c, const struct ynode *cell)
{
	const struct ynode *n = ytree_get(cell, "trusted");

	if (!n)
		return 0;
	if (value_choice(r, n, "trusted", trust) < 0)
		return -1;
	c->trusted = 1;
	return 0;
}

static int read_cell(struct reader *r, struct system *s, const struct ynode *key,
		     const struct ynode *n)
{
	struct model_cell *c = &s->cells[s->ncells++];
	const struct ynode *image = ytree_get(n, "image");
	char what[64];
	int bad;

	snprintf(c->name, sizeof(c->name), "%s", key->value);
	snprintf(what, sizeof(what), "cell '%s'", c->name);
	c->mark = key->mark;
	if (value_kind(r, n, YNODE_MAP, what) || value_keys(r, n, what, cell_keys, cell_required))
		return -1;
	bad = read_choices(r, c, n) < 0;
	if (c->kind == CELLTABLE_KIND_VM && !s->platform.virtualization) {
		value_error(r, ytree_get(n, "kind"),
			    "kind: vm in cell '%s': platform '%s' has no virtualization extensions "
			    "(its CPU cannot run a guest kernel: virtualization: false in its "
			    "platform file); valid: native",
			    c->name, s->platform.name);
		bad = 1;
	}
	if (!value_name(r, image, "image")) {
		snprintf(c->image, sizeof(c->image), "%s", image->value);
		c->image_mark = image->mark;
	} else {
		bad = 1;
	}
	bad |= read_cores(r, s, c, ytree_get(n, "cores")) < 0;
	bad |= read_memory(r, c, ytree_get(n, "memory")) < 0;
	bad |= value_band(r, ytree_get(n, "priority"), &c->prio_lo, &c->prio_hi) < 0;
	bad |= read_trusted(r, c, n) < 0;
	bad |= read_devices(r, s, c, ytree_get(n, "devices")) < 0;
	bad |= read_bootargs(r, c, n) < 0;
	return bad ? -1 : 0;
}

static int read_cells(struct reader *r, struct system *s, const struct ynode *cells)
{
	int bad = 0;

	if (value_kind(r, cells, YNODE_MAP, "cells (a mapping of cell names to cells)") ||
	    value_unique_keys(r, cells, "cell"))
		return -1;
	if (!cells->count) {
		value_error(r, cells, "cells is empty; a description needs at least one cell");
		return -1;
	}
	for (size_t i = 0; i + 1 < cells->count; i += 2) {
		if (s->ncells == CELLTABLE_MAX_CELLS) {
			value_error(r, cells->items[i], "more than %d cells", CELLTABLE_MAX_CELLS);
			return -1;
		}
		if (value_name(r, cells->items[i], "cell name")) {
			bad = 1;
			continue;
		}
		bad |= read_cell(r, s, cells->items[i], cells->items[i + 1]) < 0;
	}
	return bad ? -1 : 0;
}

static int read_top(struct reader *r, struct system *s, const struct ynode *root,
		    const struct model_paths *paths)
{
	const struct ynode *plat = ytree_get(root, "platform"), *channels;
	int bad;

	if (value_kind(r, root, YNODE_MAP, "a system description"))
		return -1;
	bad = value_keys(r, root, "the description", top_keys, top_required) < 0;
	if (!plat || value_name(r, plat, "platform"))
		return -1;
	if (platform_load(&s->platform, paths->platform_dir, plat->value, r->d, r->file,
			  plat->mark) < 0 ||
	    !ytree_get(root, "cells"))
		return -1;
	bad |= read_cells(r, s, ytree_get(root, "cells")) < 0;
	channels = ytree_get(root, "channels");
	if (channels && !bad)
		bad |= desc_read_channels(r, s, channels) < 0;
	return bad ? -1 : 0;
}

int desc_parse(struct system *s, const char *file, const struct ynode *root,
	       const struct model_paths *paths, struct diag *d)
{
	struct reader r = {d, file};

	memset(s, 0, sizeof(*s));
	s->file = file;
	if (read_top(&r, s, root, paths) < 0)
		return -1;
	if (check_system(s, paths, d) < 0 || place_memory(s, d) < 0)
		return -1;
	return vmcell_layout(s, d);
}

int desc_load(struct system *s, const char *file, const struct model_paths *paths, struct diag *d)
{
	struct ynode *root = ytree_load(file, d);
	int rc;

	if (!root)
		return -1;
	rc = desc_parse(s, file, root, paths, d);
	ytree_free(root);
	return rc;
}
