// SPDX-License-Identifier: MIT
/* Platform files: RAM, reserved ranges, devices and topology of a board. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "values.h"

static const char *const platform_keys[] = {"platform",
					    "topology",
					    "ram",
					    "reserved",
					    "kernel-memory",
					    "virtualization",
					    "device-irqs",
					    "interrupt-controller",
					    "timer-ppis",
					    "devices",
					    "doorbells",
					    "pvpanic",
					    NULL};
static const char *const platform_required[] = {"platform",	 "topology", "ram", "reserved",
						"kernel-memory", "devices",  NULL};
static const char *const range_keys[] = {"name", "base", "size", NULL};
static const char *const ram_keys[] = {"base", "size", NULL};
static const char *const irq_range_keys[] = {"first", "last", NULL};
static const char *const irqc_keys[] = {"compatible", "distributor", "cpu", NULL};
static const char *const device_keys[] = {"compatible", "base",	       "size", "irqs",
					  "clock",	"clock-names", "dma",  NULL};
static const char *const device_required[] = {"compatible", "base", "size", NULL};

/* "valid: a, b" list of the platform files in @dir, sorted. */
static void list_platforms(const char *dir, char *buf, size_t len)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t l = strlen(names[i]->d_name);

		if (l > 5 && !strcmp(names[i]->d_name + l - 5, ".yaml") && used < len)
			used += snprintf(buf + used, len - used, "%s%.*s", used ? ", " : "",
					 (int)(l - 5), names[i]->d_name);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

static int read_range(struct reader *r, const struct ynode *n, struct model_range *out)
{
	const struct ynode *name = ytree_get(n, "name");

	if (value_kind(r, n, YNODE_MAP, "a reserved range") ||
	    value_keys(r, n, "a reserved range", range_keys, range_keys))
		return -1;
	if (value_name(r, name, "reserved range name") ||
	    value_address(r, ytree_get(n, "base"), "base", &out->base) ||
	    value_size(r, ytree_get(n, "size"), "size", &out->size))
		return -1;
	snprintf(out->name, sizeof(out->name), "%s", name->value);
	return 0;
}

static int read_ram(struct reader *r, struct platform *p, const struct ynode *root)
{
	const struct ynode *ram = ytree_get(root, "ram"), *res = ytree_get(root, "reserved");

	if (value_kind(r, ram, YNODE_MAP, "ram") || value_keys(r, ram, "ram", ram_keys, ram_keys) ||
	    value_address(r, ytree_get(ram, "base"), "ram base", &p->ram_base) ||
	    value_size(r, ytree_get(ram, "size"), "ram size", &p->ram_size))
		return -1;
	if (!res)
		return 0;
	if (value_kind(r, res, YNODE_SEQ, "reserved"))
		return -1;
	for (size_t i = 0; i < res->count; i++) {
		if (p->nreserved == MODEL_MAX_RESERVED) {
			value_error(r, res->items[i], "more than %d reserved ranges",
				    MODEL_MAX_RESERVED);
			return -1;
		}
		if (read_range(r, res->items[i], &p->reserved[p->nreserved++]))
			return -1;
	}
	return 0;
}

static int read_compatible(struct reader *r, const struct ynode *n, struct model_pdevice *dev)
{
	if (value_kind(r, n, YNODE_SEQ, "compatible"))
		return -1;
	for (size_t i = 0; i < n->count; i++) {
		if (value_scalar(r, n->items[i], "a compatible string"))
			return -1;
		if (i == MODEL_MAX_COMPATIBLE || strlen(n->items[i]->value) >= 64) {
			value_error(r, n->items[i],
				    "at most %d compatible strings of 63 characters",
				    MODEL_MAX_COMPATIBLE);
			return -1;
		}
		snprintf(dev->compatible[i], sizeof(dev->compatible[i]), "%s", n->items[i]->value);
		dev->ncompatible++;
	}
	return 0;
}

static int read_clock_names(struct reader *r, const struct ynode *n, struct model_pdevice *dev)
{
	if (!n)
		return 0;
	if (value_kind(r, n, YNODE_SEQ, "clock-names"))
		return -1;
	for (size_t i = 0; i < n->count; i++) {
		if (value_scalar(r, n->items[i], "a clock name"))
			return -1;
		if (i == MODEL_MAX_COMPATIBLE || strlen(n->items[i]->value) >= 32) {
			value_error(r, n->items[i], "at most %d clock names of 31 characters",
				    MODEL_MAX_COMPATIBLE);
			return -1;
		}
		snprintf(dev->clock_names[i], sizeof(dev->clock_names[i]), "%s",
			 n->items[i]->value);
		dev->nclock_names++;
	}
	return 0;
}

/* device-irqs: {first, last}: the interrupt IDs devices may have; by default a GIC's SPIs. */
static int read_device_irqs(struct reader *r, struct platform *p, const struct ynode *root)
{
	const struct ynode *n = ytree_get(root, "device-irqs");
	uint64_t first, last;

	p->irq_first = 32;
	p->irq_last = 1019;
	if (!n)
		return 0;
	if (value_kind(r, n, YNODE_MAP, "device-irqs") ||
	    value_keys(r, n, "device-irqs", irq_range_keys, irq_range_keys) ||
	    value_uint(r, ytree_get(n, "first"), "first device irq", 1019, &first) ||
	    value_uint(r, ytree_get(n, "last"), "last device irq", 1019, &last))
		return -1;
	if (first > last) {
		value_error(r, n, "device-irqs %llu..%llu is empty; valid: first <= last",
			    (unsigned long long)first, (unsigned long long)last);
		return -1;
	}
	p->irq_first = (unsigned int)first;
	p->irq_last = (unsigned int)last;
	return 0;
}

static int read_irqs(struct reader *r, const struct platform *p, const struct ynode *n,
		     struct model_pdevice *dev)
{
	uint64_t v;

	if (!n)
		return 0;
	if (value_kind(r, n, YNODE_SEQ, "irqs"))
		return -1;
	for (size_t i = 0; i < n->count; i++) {
		if (i == CELLTABLE_DEVICE_IRQS) {
			value_error(r, n->items[i], "at most %d irqs per device",
				    CELLTABLE_DEVICE_IRQS);
			return -1;
		}
		if (value_uint(r, n->items[i], "irq", 1019, &v))
			return -1;
		if (v < p->irq_first || v > p->irq_last) {
			value_error(
				r, n->items[i],
				"irq %llu is not a device interrupt of this platform; valid: %u "
				"to %u (device-irqs)",
				(unsigned long long)v, p->irq_first, p->irq_last);
			return -1;
		}
		dev->irqs[dev->nirqs++] = (uint16_t)v;
	}
	return 0;
}

static int read_device(struct reader *r, const struct platform *p, const struct ynode *key,
		       const struct ynode *n, struct model_pdevice *dev)
{
	const struct ynode *clock = ytree_get(n, "clock"), *dma = ytree_get(n, "dma");
	uint64_t hz = 0;

	if (value_name(r, key, "device name") || value_kind(r, n, YNODE_MAP, "a device") ||
	    value_keys(r, n, "a device", device_keys, device_required))
		return -1;
	snprintf(dev->name, sizeof(dev->name), "%s", key->value);
	if (read_compatible(r, ytree_get(n, "compatible"), dev) ||
	    value_address(r, ytree_get(n, "base"), "device base", &dev->base) ||
	    value_size(r, ytree_get(n, "size"), "device size", &dev->size) ||
	    read_irqs(r, p, ytree_get(n, "irqs"), dev) ||
	    read_clock_names(r, ytree_get(n, "clock-names"), dev) ||
	    (clock && value_uint(r, clock, "clock", UINT32_MAX, &hz)) ||
	    (dma && value_bool(r, dma, "dma", &dev->dma)))
		return -1;
	dev->clock_hz = (uint32_t)hz;
	return 0;
}

static int read_devices(struct reader *r, struct platform *p, const struct ynode *devs)
{
	if (value_kind(r, devs, YNODE_MAP, "devices") || value_unique_keys(r, devs, "device"))
		return -1;
	for (size_t i = 0; i + 1 < devs->count; i += 2) {
		if (p->ndevices == MODEL_MAX_PDEVICES) {
			value_error(r, devs->items[i], "more than %d devices", MODEL_MAX_PDEVICES);
			return -1;
		}
		if (read_device(r, p, devs->items[i], devs->items[i + 1],
				&p->devices[p->ndevices++]))
			return -1;
	}
	return 0;
}

static int read_irqc(struct reader *r, struct model_irqc *irqc, const struct ynode *root)
{
	const char *what = "interrupt-controller";
	const struct ynode *n = ytree_get(root, what), *compatible = ytree_get(n, "compatible");

	if (value_kind(r, n, YNODE_MAP, what) || value_keys(r, n, what, irqc_keys, irqc_keys) ||
	    value_scalar(r, compatible, "a compatible string") ||
	    value_address(r, ytree_get(n, "distributor"), "distributor", &irqc->distributor) ||
	    value_address(r, ytree_get(n, "cpu"), "cpu", &irqc->cpu))
		return -1;
	if (strlen(compatible->value) >= sizeof(irqc->compatible)) {
		value_error(r, compatible, "a compatible string of at most %zu characters",
			    sizeof(irqc->compatible) - 1);
		return -1;
	}
	snprintf(irqc->compatible, sizeof(irqc->compatible), "%s", compatible->value);
	return 0;
}

/*
 * virtualization: false (the CPU has no virtualization extensions): no
 * VM cell, so no GIC or timer interrupts to give one. Otherwise both are needed.
 */
static int read_virtualization(struct reader *r, struct platform *p, const struct ynode *root)
{
	const struct ynode *n = ytree_get(root, "virtualization");
	const char *vm_only[] = {"interrupt-controller", "timer-ppis"};

	p->virtualization = 1;
	if (n && value_bool(r, n, "virtualization", &p->virtualization))
		return -1;
	for (int i = 0; i < 2; i++) {
		if (p->virtualization && !ytree_get(root, vm_only[i])) {
			value_error(r, root,
				    "the platform has no %s; valid: one, for VM cells, or "
				    "virtualization: false",
				    vm_only[i]);
			return -1;
		}
		if (!p->virtualization && ytree_get(root, vm_only[i])) {
			value_error(
				r, ytree_get(root, vm_only[i]),
				"%s with virtualization: false: it is only for VM cells; valid: "
				"no %s",
				vm_only[i], vm_only[i]);
			return -1;
		}
	}
	return 0;
}

static int read_irqc_timer(struct reader *r, struct platform *p, const struct ynode *root)
{
	const struct ynode *ppis = ytree_get(root, "timer-ppis");
	uint64_t v;

	if (read_virtualization(r, p, root))
		return -1;
	if (!p->virtualization)
		return 0;
	if (read_irqc(r, &p->irqc, root) || value_kind(r, ppis, YNODE_SEQ, "timer-ppis"))
		return -1;
	if (ppis->count != 4) {
		value_error(r, ppis,
			    "timer-ppis needs 4 interrupt IDs: secure, non-secure, virtual, hyp");
		return -1;
	}
	for (int i = 0; i < 4; i++) {
		if (value_uint(r, ppis->items[i], "timer PPI", 31, &v))
			return -1;
		if (v < 16) {
			value_error(r, ppis->items[i],
				    "timer PPI %llu is not a PPI; valid: 16 to 31",
				    (unsigned long long)v);
			return -1;
		}
		p->timer_ppis[i] = (uint16_t)v;
	}
	return 0;
}

/* The file names itself as it is named. */
static int check_name(struct reader *r, const struct platform *p, const struct ynode *n)
{
	if (value_scalar(r, n, "platform"))
		return -1;
	if (strcmp(n->value, p->name)) {
		value_error(r, n, "platform '%s' in a file for '%s'; valid: %s", n->value, p->name,
			    p->name);
		return -1;
	}
	return 0;
}

static int overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return a < b + bsize && b < a + asize;
}

/* Reserved ranges inside RAM; device windows outside it and apart. */
/* "RAM", "device NAME" or NULL: what of the board [@base, @base + @size) overlaps. */
static const char *board_at(const struct platform *p, uint64_t base, uint64_t size, char *buf,
			    size_t len)
{
	if (overlap(base, size, p->ram_base, p->ram_size))
		return "RAM";
	for (unsigned int i = 0; i < p->ndevices; i++)
		if (overlap(base, size, p->devices[i].base, p->devices[i].size)) {
			snprintf(buf, len, "device %s", p->devices[i].name);
			return buf;
		}
	return NULL;
}

/*
 * The pages a VM cell's guest sees that nothing backs (the doorbell window,
 * one page per possible channel, and the pvpanic page) must be nothing of
 * the board, nor each other.
 */
static int check_guest_pages(struct reader *r, const struct platform *p, const struct ynode *root)
{
	const uint64_t window = CELLTABLE_MAX_CHANNELS * (uint64_t)CELLTABLE_PAGE;
	char buf[64];
	const char *what;

	if (p->doorbells && (what = board_at(p, p->doorbells, window, buf, sizeof(buf)))) {
		value_error(r, ytree_get(root, "doorbells"),
			    "doorbells window 0x%llx (%u pages) overlaps %s; valid: addresses "
			    "nothing on the board uses",
			    (unsigned long long)p->doorbells, CELLTABLE_MAX_CHANNELS, what);
		return -1;
	}
	if (p->pvpanic && (what = board_at(p, p->pvpanic, CELLTABLE_PAGE, buf, sizeof(buf)))) {
		value_error(r, ytree_get(root, "pvpanic"),
			    "pvpanic page 0x%llx overlaps %s; valid: an address nothing on the "
			    "board uses",
			    (unsigned long long)p->pvpanic, what);
		return -1;
	}
	if (p->pvpanic && p->doorbells &&
	    overlap(p->pvpanic, CELLTABLE_PAGE, p->doorbells, window)) {
		value_error(r, ytree_get(root, "pvpanic"),
			    "pvpanic page 0x%llx is in the doorbells window; valid: outside "
			    "0x%llx..0x%llx",
			    (unsigned long long)p->pvpanic, (unsigned long long)p->doorbells,
			    (unsigned long long)(p->doorbells + window - 1));
		return -1;
	}
	return 0;
}

static int check_ranges(struct reader *r, const struct platform *p, const struct ynode *root)
{
	const struct ynode *devs = ytree_get(root, "devices");

	for (unsigned int i = 0; i < p->nreserved; i++) {
		const struct model_range *res = &p->reserved[i];

		if (res->base < p->ram_base || res->base + res->size > p->ram_base + p->ram_size) {
			value_error(r, ytree_get(root, "reserved")->items[i],
				    "reserved range '%s' is outside RAM", res->name);
			return -1;
		}
	}
	if (check_guest_pages(r, p, root))
		return -1;
	for (unsigned int i = 0; i < p->ndevices; i++) {
		const struct model_pdevice *d = &p->devices[i];

		for (unsigned int j = 0; j <= i; j++) {
			const struct model_pdevice *o = j < i ? &p->devices[j] : NULL;

			if (o ? overlap(d->base, d->size, o->base, o->size)
			      : overlap(d->base, d->size, p->ram_base, p->ram_size)) {
				value_error(r, devs->items[2 * i], "device '%s' overlaps %s%s",
					    d->name, o ? "device " : "RAM", o ? o->name : "");
				return -1;
			}
		}
	}
	return 0;
}

static int read_platform(struct reader *r, struct platform *p, const struct ynode *root,
			 const char *dir)
{
	const struct ynode *topo;
	char err[300];

	if (value_kind(r, root, YNODE_MAP, "a platform file") ||
	    value_keys(r, root, "the platform", platform_keys, platform_required) ||
	    check_name(r, p, ytree_get(root, "platform")))
		return -1;
	if (ytree_get(root, "doorbells") &&
	    value_address(r, ytree_get(root, "doorbells"), "doorbells", &p->doorbells))
		return -1;
	if (ytree_get(root, "pvpanic") &&
	    value_address(r, ytree_get(root, "pvpanic"), "pvpanic", &p->pvpanic))
		return -1;
	if (read_ram(r, p, root) || read_irqc_timer(r, p, root) ||
	    value_size(r, ytree_get(root, "kernel-memory"), "kernel-memory", &p->kmem_pool) ||
	    read_device_irqs(r, p, root) || read_devices(r, p, ytree_get(root, "devices")) ||
	    check_ranges(r, p, root))
		return -1;
	if (p->kmem_pool > UINT32_MAX) {
		/* The table holds each quota in 32 bits; the pool bounds their sum. */
		value_error(r, ytree_get(root, "kernel-memory"),
			    "kernel-memory pool is 4G or more; valid: below 4G");
		return -1;
	}
	topo = ytree_get(root, "topology");
	if (value_scalar(r, topo, "topology"))
		return -1;
	if (topo_load(&p->topo, dir, topo->value, err, sizeof(err)) < 0) {
		value_error(r, topo, "topology: %s", err);
		return -1;
	}
	return 0;
}

int platform_load(struct platform *p, const char *dir, const char *name, struct diag *d,
		  const char *file, struct diag_mark at)
{
	char path[4096], valid[400];
	FILE *f;
	struct ynode *root;
	struct reader r = {d, NULL};
	int rc;

	snprintf(path, sizeof(path), "%s/%s.yaml", dir, name);
	f = fopen(path, "r");
	if (!f) {
		list_platforms(dir, valid, sizeof(valid));
		diag_error(d, file, at, "unknown platform '%s'; valid: %s", name, valid);
		return -1;
	}
	fclose(f);
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	root = ytree_load(path, d);
	if (!root)
		return -1;
	snprintf(p->file, sizeof(p->file), "%s", path);
	r.file = p->file;
	rc = read_platform(&r, p, root, dir);
	ytree_free(root);
	return rc;
}
