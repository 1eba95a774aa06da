/* SPDX-License-Identifier: MIT */
/* Error reporting: every problem is one `file:line:column: error: ...` line. */
#pragma once

#include <stdio.h>

/* Where a problem is: 1-based line and column in a file. */
struct diag_mark {
	unsigned int line;
	unsigned int col;
};

/*
 * Problems found in one run, kept until diag_flush() prints them sorted by
 * position, so that the order does not depend on which check ran first.
 */
struct diag {
	struct diag_entry *entries;
	size_t count;
	size_t cap;
};

/**
 * diag_error() - record a problem at @mark of @file; printf-style message.
 * Exits the program if memory runs out.
 */
void diag_error(struct diag *d, const char *file, struct diag_mark mark, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/** diag_flush() - print every recorded problem to @out in file/position order; free them. */
void diag_flush(struct diag *d, FILE *out);

/** diag_discard() - forget every recorded problem. */
void diag_discard(struct diag *d);

/** diag_xalloc() - calloc() that exits with a message when memory runs out. */
void *diag_xalloc(size_t n, size_t size);

/** diag_xstrdup() - strdup() that exits with a message when memory runs out. */
char *diag_xstrdup(const char *s);
