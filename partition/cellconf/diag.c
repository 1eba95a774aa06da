// SPDX-License-Identifier: MIT
/* Error reporting for cellconf: collect, sort by position, print. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

struct diag_entry {
	const char *file;
	struct diag_mark mark;
	size_t seq; /* keeps problems at one position in the order found */
	char *text;
};

void *diag_xalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p) {
		fputs("cellconf: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

char *diag_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(diag_xalloc(n, 1), s, n);
}

void diag_error(struct diag *d, const char *file, struct diag_mark mark, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (d->count == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct diag_entry *e = diag_xalloc(cap, sizeof(*e));

		if (d->count)
			memcpy(e, d->entries, d->count * sizeof(*e));
		free(d->entries);
		d->entries = e;
		d->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	d->entries[d->count] = (struct diag_entry){file, mark, d->count, diag_xstrdup(buf)};
	d->count++;
}

static int compare(const void *a, const void *b)
{
	const struct diag_entry *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->mark.line != y->mark.line)
		return x->mark.line < y->mark.line ? -1 : 1;
	if (x->mark.col != y->mark.col)
		return x->mark.col < y->mark.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diag_flush(struct diag *d, FILE *out)
{
	if (d->count)
		qsort(d->entries, d->count, sizeof(*d->entries), compare);
	for (size_t i = 0; i < d->count; i++) {
		struct diag_entry *e = &d->entries[i];

		fprintf(out, "%s:%u:%u: error: %s\n", e->file, e->mark.line, e->mark.col, e->text);
		free(e->text);
	}
	free(d->entries);
	*d = (struct diag){0};
}

void diag_discard(struct diag *d)
{
	for (size_t i = 0; i < d->count; i++)
		free(d->entries[i].text);
	free(d->entries);
	*d = (struct diag){0};
}
