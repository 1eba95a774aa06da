// SPDX-License-Identifier: MIT
/* The device tree's structure: header, tokens, nodes, properties. */
#include <string.h>

#include <board/fdt.h>

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP	       4
#define FDT_END	       9
#define FDT_MAX_DEPTH  16

uint32_t fdt_u32(const void *prop, uint32_t i)
{
	const uint8_t *p = (const uint8_t *)prop + 4 * i;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint32_t fdt_total_size(const void *blob)
{
	return fdt_u32(blob, 0) == FDT_MAGIC ? fdt_u32(blob, 1) : 0;
}

static bool inside(uint32_t off, uint32_t len, uint32_t limit)
{
	return off <= limit && len <= limit - off;
}

bool fdt_open(struct fdt *f, const void *blob)
{
	*f = (struct fdt){.blob = blob, .size = fdt_total_size(blob)};
	if (f->size < 40 || f->size > FDT_MAX_SIZE)
		return false;
	f->off_struct = fdt_u32(blob, 2);
	f->off_strings = fdt_u32(blob, 3);
	f->len_strings = fdt_u32(blob, 8);
	f->len_struct = fdt_u32(blob, 9);
	return inside(f->off_struct, f->len_struct, f->size) &&
	       inside(f->off_strings, f->len_strings, f->size) && !(f->off_struct & 3);
}

/* A NUL-terminated string at @off within @len bytes from @base, or NULL. */
static const char *string_at(const struct fdt *f, uint32_t base, uint32_t len, uint32_t off)
{
	const char *s = (const char *)f->blob + base + off;

	if (off >= len || !memchr(s, 0, len - off))
		return NULL;
	return s;
}

/* The token at @off; *@next is the one after it. FDT_END on any malformation. */
static uint32_t token(const struct fdt *f, uint32_t off, uint32_t *next)
{
	uint32_t tag, len;
	const char *name;

	if (off + 4 > f->len_struct || off & 3)
		return FDT_END;
	tag = fdt_u32(f->blob + f->off_struct, off / 4);
	*next = off + 4;
	if (tag == FDT_BEGIN_NODE) {
		name = string_at(f, f->off_struct, f->len_struct, off + 4);
		if (!name)
			return FDT_END;
		*next = (off + 4 + (uint32_t)strlen(name) + 1 + 3) & ~3u;
	} else if (tag == FDT_PROP) {
		if (off + 12 > f->len_struct)
			return FDT_END;
		len = fdt_u32(f->blob + f->off_struct, off / 4 + 1);
		if (!inside(off + 12, len, f->len_struct))
			return FDT_END;
		*next = (off + 12 + len + 3) & ~3u;
	}
	return tag;
}

/* @node's name; only for a node walk() or fdt_path() returned (token() checked it). */
static const char *node_name(const struct fdt *f, int node)
{
	return (const char *)f->blob + f->off_struct + node + 4;
}

const char *fdt_name(const struct fdt *f, int node)
{
	uint32_t next;

	return node >= 0 && token(f, (uint32_t)node, &next) == FDT_BEGIN_NODE ? node_name(f, node)
									      : NULL;
}

/* Calls @visit(node, depth) for every node in order until it returns true; that node. */
static int walk(const struct fdt *f, bool (*visit)(const struct fdt *, int, int, const void *),
		const void *ctx)
{
	uint32_t off = 0, next;
	int depth = -1;

	for (;;) {
		uint32_t tag = token(f, off, &next);

		if (tag == FDT_END)
			return -1;
		if (tag == FDT_BEGIN_NODE && visit(f, (int)off, ++depth, ctx))
			return (int)off;
		if (tag == FDT_END_NODE && --depth < -1)
			return -1;
		off = next;
	}
}

const void *fdt_prop(const struct fdt *f, int node, const char *name, uint32_t *len)
{
	uint32_t off, next, tag;

	if (node < 0 || token(f, (uint32_t)node, &off) != FDT_BEGIN_NODE)
		return NULL;
	for (; (tag = token(f, off, &next)) == FDT_PROP || tag == FDT_NOP; off = next) {
		const uint8_t *p = f->blob + f->off_struct + off;
		const char *pname = string_at(f, f->off_strings, f->len_strings, fdt_u32(p, 2));

		if (tag == FDT_PROP && pname && !strcmp(pname, name)) {
			*len = fdt_u32(p, 1);
			return p + 12;
		}
	}
	return NULL;
}

uint32_t fdt_cells(const struct fdt *f, int node, const char *name, uint32_t dflt)
{
	uint32_t len;
	const void *p = fdt_prop(f, node, name, &len);

	return p && len == 4 ? fdt_u32(p, 0) : dflt;
}

struct path_walk {
	const char *path;
	int matched; /* path components matched so far, at depths 1.. */
};

/* Does component @c (up to '/' or NUL) name node @name ("x" matches "x@unit")? */
static bool component_is(const char *c, const char *name)
{
	size_t n = 0;

	while (c[n] && c[n] != '/')
		n++;
	return !strncmp(c, name, n) && (name[n] == 0 || (name[n] == '@' && !memchr(c, '@', n)));
}

static const char *component(const char *path, int i)
{
	for (const char *p = path; *p; p++)
		if (*p == '/' && --i < 0)
			return p + 1;
	return NULL;
}

static bool visit_path(const struct fdt *f, int node, int depth, const void *ctx)
{
	struct path_walk *w = (struct path_walk *)ctx;
	const char *c = component(w->path, depth - 1);

	if (depth == 0)
		return !w->path[1];
	if (depth <= w->matched) /* left the subtree matched so far */
		w->matched = depth - 1;
	if (depth != w->matched + 1 || !c || !component_is(c, node_name(f, node)))
		return false;
	w->matched = depth;
	c = component(w->path, depth);
	return !c || !*c;
}

int fdt_path(const struct fdt *f, const char *path)
{
	struct path_walk w = {path, 0};

	return path[0] == '/' ? walk(f, visit_path, &w) : -1;
}

struct compatible_walk {
	const char *compat;
	int after; /* only nodes past this one */
};

static bool visit_compatible(const struct fdt *f, int node, int depth, const void *ctx)
{
	const struct compatible_walk *w = ctx;
	uint32_t len, at = 0;
	const char *list = fdt_prop(f, node, "compatible", &len);

	if (node <= w->after || !list || !len || list[len - 1])
		return false;
	for (; at < len; at += (uint32_t)strlen(list + at) + 1)
		if (!strcmp(list + at, w->compat))
			return true;
	return false;
}

int fdt_compatible(const struct fdt *f, const char *compat)
{
	return fdt_compatible_next(f, compat, -1);
}

int fdt_compatible_next(const struct fdt *f, const char *compat, int after)
{
	struct compatible_walk w = {compat, after};

	return walk(f, visit_compatible, &w);
}

static bool visit_phandle(const struct fdt *f, int node, int depth, const void *ctx)
{
	return fdt_cells(f, node, "phandle", 0) == *(const uint32_t *)ctx;
}

int fdt_phandle(const struct fdt *f, uint32_t ph)
{
	return ph ? walk(f, visit_phandle, &ph) : -1;
}

int fdt_parent(const struct fdt *f, int node)
{
	int at[FDT_MAX_DEPTH];
	uint32_t off = 0, next, tag;
	int depth = -1;

	for (; (tag = token(f, off, &next)) != FDT_END; off = next) {
		if (tag == FDT_END_NODE)
			depth--;
		if (tag != FDT_BEGIN_NODE)
			continue;
		if (++depth >= FDT_MAX_DEPTH || depth < 0)
			return -1;
		at[depth] = (int)off;
		if ((int)off == node)
			return depth ? at[depth - 1] : -1;
	}
	return -1;
}
