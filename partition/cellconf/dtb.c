// SPDX-License-Identifier: MIT
/*
 * The device tree of a VM cell (libfdt): exactly the cell's cores (PSCI),
 * its memory, the GIC as the guest sees it, the generic timer, its devices,
 * its channels, and in /chosen its console, command line and initrd (from
 * the boot layout, vmcell.c). Nothing else of the board: no motherboard
 * registers for Linux to probe. docs/config.md shows the result.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"

#define PHANDLE_GIC   1
#define PHANDLE_CLOCK 2
#define GICD_SIZE     0x1000
#define GICC_SIZE     0x2000
#define GIC_SPI	      0
#define GIC_PPI	      1
#define IRQ_EDGE_RISE 1
#define IRQ_LEVEL_HI  4
#define IRQ_LEVEL_LO  8

/* What binds Linux's generic UIO driver to the channel nodes. */
#define CHANNEL_COMPATIBLE "cella,channel"
#define UIO_BOOTARG	   "uio_pdrv_genirq.of_id=" CHANNEL_COMPATIBLE

/* PSCI 1.0, which Linux also takes as 0.2: a string list. */
#define PSCI_COMPATIBLE "arm,psci-1.0\0arm,psci-0.2"

/* Stop at the first libfdt error; every helper returns it. */
#define TRY(x)                       \
	do {                         \
		int err_ = (x);      \
		if (err_ < 0)        \
			return err_; \
	} while (0)

static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
	fdt64_t reg[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};

	return fdt_property(fdt, "reg", reg, sizeof(reg));
}

static int prop_cells(void *fdt, const char *name, const uint32_t *v, int n)
{
	fdt32_t cells[16];

	for (int i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, cells, n * (int)sizeof(fdt32_t));
}

static int begin_node_at(void *fdt, const char *name, uint64_t addr)
{
	char node[64];

	snprintf(node, sizeof(node), "%s@%llx", name, (unsigned long long)addr);
	return fdt_begin_node(fdt, node);
}

static int add_cpus(void *fdt, const struct model_cell *c)
{
	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", PSCI_COMPATIBLE, sizeof(PSCI_COMPATIBLE)));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	TRY(fdt_end_node(fdt));
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (unsigned int core = 0; core < 64; core++) {
		if (!(c->cores & (1ull << core)))
			continue;
		TRY(begin_node_at(fdt, "cpu", core));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,cortex-a15"));
		TRY(fdt_property_u32(fdt, "reg", core));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int add_memory(void *fdt, const struct model_cell *c)
{
	for (unsigned int i = 0; i < c->nregions; i++) {
		TRY(begin_node_at(fdt, "memory", c->regions[i].base));
		TRY(fdt_property_string(fdt, "device_type", "memory"));
		TRY(prop_reg(fdt, c->regions[i].base, c->regions[i].size));
		TRY(fdt_end_node(fdt));
	}
	return 0;
}

/* The pvpanic device (QEMU's binding, which Linux's pvpanic-mmio driver takes), if any. */
static int add_pvpanic(void *fdt, const struct model_cell *c)
{
	uint32_t base = c->boot.layout.pvpanic_addr;

	if (!base)
		return 0;
	TRY(begin_node_at(fdt, "pvpanic", base));
	TRY(fdt_property_string(fdt, "compatible", "qemu,pvpanic-mmio"));
	TRY(prop_reg(fdt, base, 2));
	return fdt_end_node(fdt);
}

static int add_gic_timer(void *fdt, const struct platform *p, unsigned int ncores)
{
	fdt64_t reg[4] = {cpu_to_fdt64(p->irqc.distributor), cpu_to_fdt64(GICD_SIZE),
			  cpu_to_fdt64(p->irqc.cpu), cpu_to_fdt64(GICC_SIZE)};
	uint32_t mask = ncores >= 8 ? 0xffu : (1u << ncores) - 1;
	uint32_t flags = (mask << 8) | IRQ_LEVEL_LO, irqs[12];

	TRY(begin_node_at(fdt, "interrupt-controller", p->irqc.distributor));
	TRY(fdt_property_string(fdt, "compatible", p->irqc.compatible));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	TRY(fdt_property_u32(fdt, "#address-cells", 0));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property(fdt, "reg", reg, sizeof(reg)));
	TRY(fdt_property_u32(fdt, "phandle", PHANDLE_GIC));
	TRY(fdt_end_node(fdt));
	for (int i = 0; i < 4; i++) {
		irqs[3 * i] = GIC_PPI;
		irqs[3 * i + 1] = p->timer_ppis[i] - 16u;
		irqs[3 * i + 2] = flags;
	}
	TRY(fdt_begin_node(fdt, "timer"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv7-timer"));
	TRY(prop_cells(fdt, "interrupts", irqs, 12));
	return fdt_end_node(fdt);
}

/* A fixed clock for each device with a clock; phandle PHANDLE_CLOCK + index. */
static int add_clock(void *fdt, const struct model_pdevice *d, uint32_t phandle)
{
	char name[64];

	snprintf(name, sizeof(name), "clock-%s", d->name);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	TRY(fdt_property_u32(fdt, "clock-frequency", d->clock_hz));
	TRY(fdt_property_u32(fdt, "phandle", phandle));
	return fdt_end_node(fdt);
}

/* A string-list property from @n strings @stride bytes apart at @list. */
static int stringlist(void *fdt, const char *name, const char *list, unsigned int n, size_t stride)
{
	char buf[512];
	size_t len = 0;

	for (unsigned int i = 0; i < n; i++) {
		const char *s = list + i * stride;
		size_t l = strlen(s) + 1;

		memcpy(buf + len, s, l);
		len += l;
	}
	return fdt_property(fdt, name, buf, (int)len);
}

static int add_device(void *fdt, const struct model_pdevice *d, uint32_t clock)
{
	uint32_t irqs[3 * CELLTABLE_DEVICE_IRQS], clocks[MODEL_MAX_COMPATIBLE];

	TRY(begin_node_at(fdt, d->name, d->base));
	TRY(stringlist(fdt, "compatible", d->compatible[0], d->ncompatible,
		       sizeof(d->compatible[0])));
	TRY(prop_reg(fdt, d->base, d->size));
	for (unsigned int i = 0; i < d->nirqs; i++) {
		irqs[3 * i] = GIC_SPI;
		irqs[3 * i + 1] = d->irqs[i] - 32u;
		irqs[3 * i + 2] = IRQ_LEVEL_HI;
	}
	if (d->nirqs)
		TRY(prop_cells(fdt, "interrupts", irqs, 3 * (int)d->nirqs));
	if (d->clock_hz && d->nclock_names) {
		for (unsigned int i = 0; i < d->nclock_names; i++)
			clocks[i] = clock;
		TRY(prop_cells(fdt, "clocks", clocks, (int)d->nclock_names));
		TRY(stringlist(fdt, "clock-names", d->clock_names[0], d->nclock_names,
			       sizeof(d->clock_names[0])));
	}
	return fdt_end_node(fdt);
}

static int add_devices(void *fdt, const struct system *s, const struct model_cell *c)
{
	for (unsigned int i = 0; i < c->ndevices; i++) {
		const struct model_pdevice *d = &s->platform.devices[c->devices[i]];

		if (d->clock_hz)
			TRY(add_clock(fdt, d, PHANDLE_CLOCK + i));
		TRY(add_device(fdt, d, PHANDLE_CLOCK + i));
	}
	return 0;
}

/* @name = <offset size> of the stream lane @side writes (celltable_lane()), if it writes. */
static int add_lane(void *fdt, const char *name, const struct model_channel *ch, unsigned int side)
{
	uint64_t off, len;

	if (!celltable_lane(ch->rights, ch->mem.size, side, &off, &len))
		return 0;
	return prop_cells(fdt, name, (uint32_t[]){(uint32_t)off, (uint32_t)len}, 2);
}

/*
 * Named after the channel (Linux's UIO device takes the node's name): the
 * shared memory (UIO map 0), the doorbell page (map 1: a write rings the
 * peer) and the interrupt the peer's ring raises, an edge each time.
 */
static int add_channel(void *fdt, const struct system *s, const struct model_channel *ch, int side)
{
	fdt64_t reg[4] = {cpu_to_fdt64(ch->mem.base), cpu_to_fdt64(ch->mem.size),
			  cpu_to_fdt64(ch->doorbell_page), cpu_to_fdt64(CELLTABLE_PAGE)};
	uint32_t irq[3] = {GIC_SPI, ch->virq - 32u, IRQ_EDGE_RISE};

	TRY(begin_node_at(fdt, ch->name, ch->mem.base));
	TRY(fdt_property_string(fdt, "compatible", CHANNEL_COMPATIBLE));
	TRY(fdt_property(fdt, "reg", reg, ch->doorbell_page ? sizeof(reg) : sizeof(reg) / 2));
	if (ch->virq)
		TRY(prop_cells(fdt, "interrupts", irq, 3));
	TRY(fdt_property_string(fdt, "cella,peer", s->cells[ch->cell[!side]].name));
	TRY(fdt_property_string(fdt, "cella,access",
				ch->rights[side] & CELLTABLE_RIGHT_WRITE ? "rw" : "ro"));
	if (ch->doorbell)
		TRY(fdt_property(fdt, "cella,doorbell", NULL, 0));
	TRY(add_lane(fdt, "cella,tx-lane", ch, (unsigned int)side));
	TRY(add_lane(fdt, "cella,rx-lane", ch, (unsigned int)!side));
	return fdt_end_node(fdt);
}

static int add_channels(void *fdt, const struct system *s, unsigned int cell)
{
	TRY(fdt_begin_node(fdt, "channels"));
	TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property(fdt, "ranges", NULL, 0));
	for (unsigned int i = 0; i < s->nchannels; i++)
		for (int side = 0; side < 2; side++)
			if (s->channels[i].cell[side] == cell)
				TRY(add_channel(fdt, s, &s->channels[i], side));
	return fdt_end_node(fdt);
}

/* The path of the cell's @n-th PL011 (ttyAMA@n) into @path; 0, or -1 if it has fewer. */
static int pl011_path(const struct system *s, const struct model_cell *c, unsigned int n,
		      char *path, size_t len)
{
	for (unsigned int i = 0; i < c->ndevices; i++) {
		const struct model_pdevice *d = &s->platform.devices[c->devices[i]];

		if (strcmp(d->compatible[0], "arm,pl011") || n--)
			continue;
		snprintf(path, len, "/%s@%llx", d->name, (unsigned long long)d->base);
		return 0;
	}
	return -1;
}

/* serialN for the Nth PL011, so that Linux numbers them ttyAMA0, 1, ... in this order. */
static int add_aliases(void *fdt, const struct system *s, const struct model_cell *c)
{
	char name[16], path[64];

	TRY(fdt_begin_node(fdt, "aliases"));
	for (unsigned int n = 0; pl011_path(s, c, n, path, sizeof(path)) == 0; n++) {
		snprintf(name, sizeof(name), "serial%u", n);
		TRY(fdt_property_string(fdt, name, path));
	}
	return fdt_end_node(fdt);
}

static int has_channel(const struct system *s, const struct model_cell *c)
{
	for (unsigned int i = 0; i < s->nchannels; i++)
		for (int side = 0; side < 2; side++)
			if (&s->cells[s->channels[i].cell[side]] == c)
				return 1;
	return 0;
}

/* The cell's command line; with channels, one that binds the UIO driver to them. */
static int add_bootargs(void *fdt, const struct system *s, const struct model_cell *c)
{
	char args[MODEL_BOOTARGS_LEN + sizeof(UIO_BOOTARG)];

	if (!has_channel(s, c) || strstr(c->bootargs, "uio_pdrv_genirq.of_id="))
		return fdt_property_string(fdt, "bootargs", c->bootargs);
	snprintf(args, sizeof(args), "%s%s%s", c->bootargs, c->bootargs[0] ? " " : "", UIO_BOOTARG);
	return fdt_property_string(fdt, "bootargs", args);
}

/* The command line and, for a kernel image with an initrd, where the initrd is. */
static int add_chosen(void *fdt, const struct system *s, const struct model_cell *c)
{
	const struct vmboot *v = &c->boot.layout;
	char path[64];

	TRY(add_aliases(fdt, s, c));
	TRY(fdt_begin_node(fdt, "chosen"));
	if (pl011_path(s, c, 0, path, sizeof(path)) == 0)
		TRY(fdt_property_string(fdt, "stdout-path", path));
	TRY(add_bootargs(fdt, s, c));
	if (c->boot.kernel == MODEL_KERNEL_ZIMAGE && v->initrd_size) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", v->initrd_addr));
		TRY(fdt_property_u64(fdt, "linux,initrd-end",
				     (uint64_t)v->initrd_addr + v->initrd_size));
	}
	return fdt_end_node(fdt);
}

static int add_root(void *fdt, const struct system *s, const struct model_cell *c)
{
	char model[128];

	snprintf(model, sizeof(model), "Cella cell %s on %s", c->name, s->platform.name);
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_string(fdt, "model", model));
	TRY(fdt_property_string(fdt, "compatible", "cella,vm"));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_GIC));
	return add_chosen(fdt, s, c);
}

int emit_dtb(const struct system *s, unsigned int cell, void *buf, size_t len)
{
	const struct model_cell *c = &s->cells[cell];

	TRY(fdt_create(buf, (int)len));
	TRY(fdt_finish_reservemap(buf));
	TRY(fdt_begin_node(buf, ""));
	TRY(add_root(buf, s, c));
	TRY(add_cpus(buf, c));
	TRY(add_memory(buf, c));
	TRY(add_gic_timer(buf, &s->platform, (unsigned int)__builtin_popcountll(c->cores)));
	TRY(add_devices(buf, s, c));
	TRY(add_channels(buf, s, cell));
	TRY(add_pvpanic(buf, c));
	TRY(fdt_end_node(buf));
	TRY(fdt_finish(buf));
	return (int)fdt_totalsize(buf);
}
