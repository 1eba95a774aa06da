// SPDX-License-Identifier: MIT
/* YAML to a tree of nodes with positions, through libyaml's event API. */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <yaml.h>

#include "ytree.h"

/* State of one parse: the open collections from the root down. */
struct builder {
	const char *file;
	struct diag *d;
	struct ynode *root;
	struct ynode *open[YTREE_MAX_DEPTH];
	int depth;
	int documents;
};

static struct diag_mark mark_of(yaml_mark_t m)
{
	return (struct diag_mark){(unsigned int)m.line + 1, (unsigned int)m.column + 1};
}

const char *ytree_kind_name(enum ynode_kind kind)
{
	switch (kind) {
	case YNODE_MAP:
		return "a mapping";
	case YNODE_SEQ:
		return "a list";
	default:
		return "a scalar";
	}
}

void ytree_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->count; i++)
		ytree_free(n->items[i]);
	free(n->items);
	free(n->value);
	free(n);
}

struct ynode *ytree_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->count; i += 2)
		if (map->items[i]->kind == YNODE_SCALAR && !strcmp(map->items[i]->value, key))
			return map->items[i + 1];
	return NULL;
}

static void append(struct ynode *parent, struct ynode *child)
{
	if (parent->count == parent->cap) {
		size_t cap = parent->cap ? 2 * parent->cap : 8;
		struct ynode **items = diag_xalloc(cap, sizeof(*items));

		if (parent->count)
			memcpy(items, parent->items, parent->count * sizeof(*items));
		free(parent->items);
		parent->items = items;
		parent->cap = cap;
	}
	parent->items[parent->count++] = child;
}

/* Attach @n below the innermost open collection, or make it the root. */
static int attach(struct builder *b, struct ynode *n)
{
	if (b->depth == 0) {
		b->root = n;
		return 0;
	}
	append(b->open[b->depth - 1], n);
	return 0;
}

static int open_collection(struct builder *b, enum ynode_kind kind, yaml_mark_t m)
{
	struct ynode *n = diag_xalloc(1, sizeof(*n));

	n->kind = kind;
	n->mark = mark_of(m);
	if (b->depth == YTREE_MAX_DEPTH) {
		diag_error(b->d, b->file, n->mark, "nesting deeper than %d levels",
			   YTREE_MAX_DEPTH);
		free(n);
		return -1;
	}
	attach(b, n);
	b->open[b->depth++] = n;
	return 0;
}

static int add_scalar(struct builder *b, const yaml_event_t *e)
{
	struct ynode *n = diag_xalloc(1, sizeof(*n));

	n->kind = YNODE_SCALAR;
	n->mark = mark_of(e->start_mark);
	n->value = diag_xalloc(e->data.scalar.length + 1, 1);
	memcpy(n->value, e->data.scalar.value, e->data.scalar.length);
	n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (strlen(n->value) != e->data.scalar.length) {
		diag_error(b->d, b->file, n->mark, "NUL character in a scalar");
		ytree_free(n);
		return -1;
	}
	return attach(b, n);
}

/* Handle one event; -1 stops the parse after recording why. */
static int on_event(struct builder *b, const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1) {
			diag_error(b->d, b->file, mark_of(e->start_mark),
				   "a second YAML document; a description is one document");
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		diag_error(b->d, b->file, mark_of(e->start_mark),
			   "alias '*%s': aliases are not supported; write the value out",
			   (const char *)e->data.alias.anchor);
		return -1;
	case YAML_SCALAR_EVENT:
		return add_scalar(b, e);
	case YAML_SEQUENCE_START_EVENT:
		return open_collection(b, YNODE_SEQ, e->start_mark);
	case YAML_MAPPING_START_EVENT:
		return open_collection(b, YNODE_MAP, e->start_mark);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		b->depth--;
		return 0;
	default:
		return 0;
	}
}

/* Reader errors carry a byte offset, not a mark: count lines up to it. */
static struct diag_mark offset_mark(const unsigned char *buf, size_t len, size_t offset)
{
	struct diag_mark m = {1, 1};

	for (size_t i = 0; i < offset && i < len; i++) {
		if (buf[i] == '\n')
			m = (struct diag_mark){m.line + 1, 1};
		else
			m.col++;
	}
	return m;
}

static void syntax_error(struct builder *b, const yaml_parser_t *p, const unsigned char *buf,
			 size_t len)
{
	yaml_mark_t m = p->problem_mark;

	if (p->error == YAML_READER_ERROR) {
		diag_error(b->d, b->file, offset_mark(buf, len, p->problem_offset),
			   "not readable as UTF-8 YAML: %s (byte 0x%02x)", p->problem,
			   (unsigned int)p->problem_value & 0xff);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		diag_error(b->d, b->file, (struct diag_mark){1, 1}, "out of memory reading YAML");
		return;
	}
	if (p->context)
		diag_error(b->d, b->file, mark_of(m), "YAML syntax: %s %s", p->problem, p->context);
	else
		diag_error(b->d, b->file, mark_of(m), "YAML syntax: %s",
			   p->problem ? p->problem : "unreadable input");
}

struct ynode *ytree_parse(const char *name, const unsigned char *buf, size_t len, struct diag *d)
{
	struct builder b = {.file = name, .d = d};
	yaml_parser_t p;
	yaml_event_t e;
	int done = 0, failed = 0;

	if (!yaml_parser_initialize(&p)) {
		diag_error(d, name, (struct diag_mark){1, 1}, "out of memory reading YAML");
		return NULL;
	}
	yaml_parser_set_input_string(&p, buf, len);
	while (!done && !failed) {
		if (!yaml_parser_parse(&p, &e)) {
			syntax_error(&b, &p, buf, len);
			failed = 1;
			break;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		failed = on_event(&b, &e) < 0;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	if (!failed && !b.root)
		diag_error(d, name, (struct diag_mark){1, 1}, "empty file; expected a mapping");
	if (failed || !b.root) {
		ytree_free(b.root);
		return NULL;
	}
	return b.root;
}

struct ynode *ytree_load(const char *path, struct diag *d)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	size_t len;
	struct ynode *root;

	if (!f) {
		diag_error(d, path, (struct diag_mark){1, 1}, "cannot open: %s", strerror(errno));
		return NULL;
	}
	buf = diag_xalloc(YTREE_MAX_BYTES + 1, 1);
	len = fread(buf, 1, YTREE_MAX_BYTES + 1, f);
	if (ferror(f) || len > YTREE_MAX_BYTES) {
		diag_error(d, path, (struct diag_mark){1, 1},
			   ferror(f) ? "read error" : "larger than %u bytes", YTREE_MAX_BYTES);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	root = ytree_parse(path, buf, len, d);
	free(buf);
	return root;
}
