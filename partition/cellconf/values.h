/* SPDX-License-Identifier: MIT */
/*
 * Reading typed values out of YAML nodes: sizes, addresses, numbers, bands,
 * names, booleans, and the key checks every mapping gets. Each reader
 * records its own error (naming the value and what is valid) and fails.
 */
#pragma once

#include <stdint.h>

#include "diag.h"
#include "ytree.h"

#define NAME_MAX_LEN 31 /* CELLTABLE_NAME_LEN - 1 */

/* Where errors go while reading one file. */
struct reader {
	struct diag *d;
	const char *file;
};

/** value_error() - record an error at @n of the file being read. */
void value_error(struct reader *r, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** value_parse_size() - "16M", "64K", "1G", "4096", "0x1000" to bytes; -1 if not a size. */
int value_parse_size(const char *s, uint64_t *out);

/** value_parse_uint() - decimal or 0x-hex number to @out; -1 if not one. */
int value_parse_uint(const char *s, uint64_t *out);

/** value_scalar() - 0 if @n is a scalar; otherwise an error saying @what must be one. */
int value_scalar(struct reader *r, const struct ynode *n, const char *what);

/** value_kind() - 0 if @n is of @kind; otherwise an error naming @what and the kind. */
int value_kind(struct reader *r, const struct ynode *n, enum ynode_kind kind, const char *what);

/** value_size() - @n as a non-zero size, a multiple of 4K. */
int value_size(struct reader *r, const struct ynode *n, const char *what, uint64_t *out);

/** value_address() - @n as a 4K-aligned address below 2^40. */
int value_address(struct reader *r, const struct ynode *n, const char *what, uint64_t *out);

/** value_uint() - @n as a number from 0 to @max. */
int value_uint(struct reader *r, const struct ynode *n, const char *what, uint64_t max,
	       uint64_t *out);

/** value_bool() - @n as true or false. */
int value_bool(struct reader *r, const struct ynode *n, const char *what, int *out);

/** value_band() - @n as a priority band "LO..HI" or "P", 0..255, LO <= HI. */
int value_band(struct reader *r, const struct ynode *n, unsigned int *lo, unsigned int *hi);

/** value_name() - @n as a name: 1..31 of a-z, 0-9, '-', '_', starting with a letter. */
int value_name(struct reader *r, const struct ynode *n, const char *what);

/** value_choice() - index of @n in the NULL-terminated @choices, or -1 after an error. */
int value_choice(struct reader *r, const struct ynode *n, const char *what,
		 const char *const *choices);

/**
 * value_keys() - check mapping @map (called @what in messages): every key is
 * in the NULL-terminated @allowed, none is duplicated, every one of
 * @required is there. Returns 0 if all hold, -1 after recording each problem.
 */
int value_keys(struct reader *r, const struct ynode *map, const char *what,
	       const char *const *allowed, const char *const *required);

/**
 * value_unique_keys() - check that the keys of mapping @map are scalars
 * and that none repeats (each is a @what name). -1 after recording each problem.
 */
int value_unique_keys(struct reader *r, const struct ynode *map, const char *what);

/** value_size_text() - @bytes as "16M", "64K" or "4096" into @buf. */
const char *value_size_text(uint64_t bytes, char *buf, size_t len);

/** value_join() - @words joined with ", " into @buf of @len bytes. */
const char *value_join(char *buf, size_t len, const char *const *words);
