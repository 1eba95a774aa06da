/* SPDX-License-Identifier: MIT */
/*
 * A YAML document as a tree of scalars, mappings and lists, each node with
 * the position it came from, built from libyaml's event stream.
 */
#pragma once

#include <stddef.h>

#include "diag.h"

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_MAP, /* items are key, value, key, value, ... */
	YNODE_SEQ,
};

struct ynode {
	enum ynode_kind kind;
	struct diag_mark mark;
	char *value; /* scalar text, NUL-terminated */
	int plain;   /* scalar was written without quotes */
	struct ynode **items;
	size_t count;
	size_t cap;
};

/* Deepest nesting accepted: descriptions are shallow, fuzzers are not. */
#define YTREE_MAX_DEPTH 16
/* Largest file accepted. */
#define YTREE_MAX_BYTES (1u << 20)

/**
 * ytree_load() - read and parse the YAML file @path. Returns its single
 * document, or NULL after recording the problem (unreadable file, syntax
 * error, alias, more than one document, nesting too deep) in @d.
 */
struct ynode *ytree_load(const char *path, struct diag *d);

/**
 * ytree_parse() - as ytree_load(), from @len bytes at @buf, with @name as
 * the file name in messages.
 */
struct ynode *ytree_parse(const char *name, const unsigned char *buf, size_t len, struct diag *d);

/** ytree_free() - free @n and everything under it; NULL is fine. */
void ytree_free(struct ynode *n);

/** ytree_kind_name() - "a mapping", "a list" or "a scalar", for messages. */
const char *ytree_kind_name(enum ynode_kind kind);

/**
 * ytree_get() - the value of key @key in mapping @map, or NULL. The first
 * occurrence when a key is duplicated (the checker reports duplicates).
 */
struct ynode *ytree_get(const struct ynode *map, const char *key);
