// SPDX-License-Identifier: MIT
/*
 * Device addresses and interrupts from the tree: a reg entry translated up
 * through each bus's "ranges" (addresses of up to two cells), and an
 * interrupt decoded for the GIC directly or through one "interrupt-map".
 */
#include <board/fdt.h>

#define GIC_SPI_BASE   32
#define GIC_PPI_BASE   16
#define GIC_SPEC_CELLS 3
#define MAP_MAX_CELLS  8

static uint64_t read_cells(const void *p, uint32_t at, uint32_t n)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < n; i++)
		v = v << 32 | fdt_u32(p, at + i);
	return v;
}

/* @addr, in @bus's children's address space, in its parent's; false if not mapped. */
static bool through_ranges(const struct fdt *f, int bus, uint64_t *addr)
{
	int up = fdt_parent(f, bus);
	uint32_t len, cac = fdt_cells(f, bus, "#address-cells", 2);
	uint32_t pac = fdt_cells(f, up, "#address-cells", 2),
		 sc = fdt_cells(f, bus, "#size-cells", 1);
	const void *r = fdt_prop(f, bus, "ranges", &len);
	uint32_t entry = cac + pac + sc;

	if (!r || cac > 2 || pac > 2 || sc > 2)
		return false;
	if (!len)
		return true;
	for (uint32_t at = 0; (at + entry) * 4 <= len; at += entry) {
		uint64_t child = read_cells(r, at, cac), size = read_cells(r, at + cac + pac, sc);

		if (*addr >= child && *addr - child < size) {
			*addr = read_cells(r, at + cac, pac) + (*addr - child);
			return true;
		}
	}
	return false;
}

bool fdt_reg(const struct fdt *f, int node, uint32_t i, uint64_t *addr, uint64_t *size)
{
	int bus = fdt_parent(f, node);
	uint32_t len, ac = fdt_cells(f, bus, "#address-cells", 2),
		      sc = fdt_cells(f, bus, "#size-cells", 1);
	const void *reg = fdt_prop(f, node, "reg", &len);

	if (!reg || ac > 2 || sc > 2 || (i + 1) * (ac + sc) * 4 > len)
		return false;
	*addr = read_cells(reg, i * (ac + sc), ac);
	*size = read_cells(reg, i * (ac + sc) + ac, sc);
	for (; bus >= 0 && fdt_parent(f, bus) >= 0; bus = fdt_parent(f, bus))
		if (!through_ranges(f, bus, addr))
			return false;
	return true;
}

/* The interrupt controller or nexus @node's interrupts go to (the spec's interrupt tree). */
static int interrupt_parent(const struct fdt *f, int node)
{
	uint32_t len;

	for (int hops = 0; node >= 0 && hops < 32; hops++) {
		uint32_t ph = fdt_cells(f, node, "interrupt-parent", 0);

		node = ph ? fdt_phandle(f, ph) : fdt_parent(f, node);
		if (node >= 0 && fdt_prop(f, node, "#interrupt-cells", &len))
			return node;
	}
	return -1;
}

static bool gic_id(const uint32_t *spec, unsigned *id)
{
	*id = spec[1] + (spec[0] ? GIC_PPI_BASE : GIC_SPI_BASE);
	return true;
}

/* @key: the node's unit address and specifier; into @out, the parent's specifier. */
static bool through_map(const struct fdt *f, int nexus, const uint32_t *key, uint32_t nkey,
			uint32_t *out)
{
	uint32_t len, mlen;
	const void *map = fdt_prop(f, nexus, "interrupt-map", &len);
	const void *mask = fdt_prop(f, nexus, "interrupt-map-mask", &mlen);

	for (uint32_t at = 0; map && (at + nkey + 1) * 4 <= len;) {
		int parent = fdt_phandle(f, fdt_u32(map, at + nkey));
		uint32_t pac = fdt_cells(f, parent, "#address-cells", 0);
		uint32_t pic = fdt_cells(f, parent, "#interrupt-cells", GIC_SPEC_CELLS);
		bool match = pic == GIC_SPEC_CELLS;

		for (uint32_t k = 0; k < nkey; k++) {
			uint32_t m = mask && mlen == nkey * 4 ? fdt_u32(mask, k) : ~0u;

			match = match && (fdt_u32(map, at + k) & m) == (key[k] & m);
		}
		if (parent < 0 || (at + nkey + 1 + pac + pic) * 4 > len)
			return false;
		for (uint32_t k = 0; match && k < pic; k++)
			out[k] = fdt_u32(map, at + nkey + 1 + pac + k);
		if (match)
			return true;
		at += nkey + 1 + pac + pic;
	}
	return false;
}

bool fdt_irq(const struct fdt *f, int node, uint32_t i, unsigned *id)
{
	int ip = interrupt_parent(f, node);
	uint32_t len, ic = fdt_cells(f, ip, "#interrupt-cells", GIC_SPEC_CELLS), ac = 0;
	const void *irqs = fdt_prop(f, node, "interrupts", &len);
	const void *reg;
	uint32_t key[MAP_MAX_CELLS] = {0}, spec[GIC_SPEC_CELLS];

	if (ip < 0 || !irqs || (i + 1) * ic * 4 > len)
		return false;
	if (!fdt_prop(f, ip, "interrupt-map", &len)) {
		if (ic != GIC_SPEC_CELLS)
			return false;
		for (uint32_t k = 0; k < ic; k++)
			spec[k] = fdt_u32(irqs, i * ic + k);
		return gic_id(spec, id);
	}
	ac = fdt_cells(f, ip, "#address-cells", 0);
	reg = fdt_prop(f, node, "reg", &len);
	if (ac + ic > MAP_MAX_CELLS || (ac && (!reg || len < ac * 4)))
		return false;
	for (uint32_t k = 0; k < ac; k++)
		key[k] = fdt_u32(reg, k);
	for (uint32_t k = 0; k < ic; k++)
		key[ac + k] = fdt_u32(irqs, i * ic + k);
	return through_map(f, ip, key, ac + ic, spec) && gic_id(spec, id);
}
