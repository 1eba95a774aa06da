/* SPDX-License-Identifier: MIT */
/*
 * A minimal reader of flattened device trees: every offset and length is
 * checked against the blob's header. Nodes are named by the offset of
 * their FDT_BEGIN_NODE token in the structure block; -1 means none.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define FDT_MAX_SIZE (1u << 20)

struct fdt {
	const uint8_t *blob;
	uint32_t size; /* totalsize */
	uint32_t off_struct, len_struct;
	uint32_t off_strings, len_strings;
};

/** fdt_open() - check the header at @blob; false if it is not a device tree. */
bool fdt_open(struct fdt *f, const void *blob);

/** fdt_total_size() - the size a header at @blob claims (to map it before opening). */
uint32_t fdt_total_size(const void *blob);

/** fdt_path() - the node at @path ("/chosen"; a name without "@unit" matches any unit). */
int fdt_path(const struct fdt *f, const char *path);

/** fdt_compatible() - the first node whose "compatible" lists @compat. */
int fdt_compatible(const struct fdt *f, const char *compat);

/** fdt_compatible_next() - the first node after node @after whose "compatible" lists @compat. */
int fdt_compatible_next(const struct fdt *f, const char *compat, int after);

/** fdt_name() - @node's name ("uart@1c090000"), or NULL if @node is not a node. */
const char *fdt_name(const struct fdt *f, int node);

/** fdt_phandle() - the node whose "phandle" is @ph. */
int fdt_phandle(const struct fdt *f, uint32_t ph);

/** fdt_parent() - @node's parent (-1 for the root). */
int fdt_parent(const struct fdt *f, int node);

/** fdt_prop() - property @name of @node and its length, or NULL. */
const void *fdt_prop(const struct fdt *f, int node, const char *name, uint32_t *len);

/** fdt_u32() - the cell @i of @prop (big-endian). */
uint32_t fdt_u32(const void *prop, uint32_t i);

/** fdt_cells() - the one-cell property @name of @node, or @dflt. */
uint32_t fdt_cells(const struct fdt *f, int node, const char *name, uint32_t dflt);

/** fdt_reg() - @node's reg entry @i, translated through its buses' ranges to a CPU address. */
bool fdt_reg(const struct fdt *f, int node, uint32_t i, uint64_t *addr, uint64_t *size);

/** fdt_irq() - @node's interrupt @i as a GIC interrupt ID (through one interrupt-map). */
bool fdt_irq(const struct fdt *f, int node, uint32_t i, unsigned *id);
