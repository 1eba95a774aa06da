// SPDX-License-Identifier: MIT
/* Typed values from YAML nodes, each failure one precise error line. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "values.h"

#define PAGE	 4096u
#define ADDR_MAX (1ull << 40) /* LPAE physical addresses */

void value_error(struct reader *r, const struct ynode *n, const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	diag_error(r->d, r->file, n->mark, "%s", buf);
}

int value_parse_uint(const char *s, uint64_t *out)
{
	int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		int digit;

		if (isdigit((unsigned char)*s))
			digit = *s - '0';
		else if (base == 16 && isxdigit((unsigned char)*s))
			digit = tolower((unsigned char)*s) - 'a' + 10;
		else
			return -1;
		if (v > (UINT64_MAX - digit) / base)
			return -1;
		v = v * base + digit;
	}
	*out = v;
	return 0;
}

int value_parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "KMG";
	char num[32];
	size_t len = strlen(s);
	const char *unit;
	unsigned int shift = 0;

	if (!len || len >= sizeof(num))
		return -1;
	memcpy(num, s, len + 1);
	unit = strchr(units, num[len - 1]);
	if (unit && num[len - 1]) {
		shift = 10 * (unsigned int)(unit - units + 1);
		num[len - 1] = '\0';
	}
	if (value_parse_uint(num, out) < 0 || *out > (UINT64_MAX >> shift))
		return -1;
	*out <<= shift;
	return 0;
}

int value_kind(struct reader *r, const struct ynode *n, enum ynode_kind kind, const char *what)
{
	if (n->kind == kind)
		return 0;
	value_error(r, n, "%s must be %s, not %s", what, ytree_kind_name(kind),
		    ytree_kind_name(n->kind));
	return -1;
}

int value_scalar(struct reader *r, const struct ynode *n, const char *what)
{
	return value_kind(r, n, YNODE_SCALAR, what);
}

int value_size(struct reader *r, const struct ynode *n, const char *what, uint64_t *out)
{
	if (value_scalar(r, n, what))
		return -1;
	if (value_parse_size(n->value, out) < 0 || *out >= ADDR_MAX) {
		value_error(
			r, n,
			"%s '%s' is not a size; valid: a number with an optional K, M or G suffix, below 1024G, e.g. 64K or 16M",
			what, n->value);
		return -1;
	}
	if (*out == 0 || *out % PAGE) {
		value_error(r, n, "%s '%s' is not a non-zero multiple of 4K (the page size)", what,
			    n->value);
		return -1;
	}
	return 0;
}

int value_address(struct reader *r, const struct ynode *n, const char *what, uint64_t *out)
{
	if (value_scalar(r, n, what))
		return -1;
	if (value_parse_uint(n->value, out) < 0 || *out >= ADDR_MAX) {
		value_error(
			r, n,
			"%s '%s' is not an address; valid: a number below 2^40, e.g. 0x90000000",
			what, n->value);
		return -1;
	}
	if (*out % PAGE) {
		value_error(r, n, "%s 0x%llx is misaligned; valid: a multiple of 4K (0x1000)", what,
			    (unsigned long long)*out);
		return -1;
	}
	return 0;
}

int value_uint(struct reader *r, const struct ynode *n, const char *what, uint64_t max,
	       uint64_t *out)
{
	if (value_scalar(r, n, what))
		return -1;
	if (value_parse_uint(n->value, out) < 0 || *out > max) {
		value_error(r, n, "%s '%s' is not a number from 0 to %llu", what, n->value,
			    (unsigned long long)max);
		return -1;
	}
	return 0;
}

int value_bool(struct reader *r, const struct ynode *n, const char *what, int *out)
{
	static const char *const choices[] = {"false", "true", NULL};
	int i = value_choice(r, n, what, choices);

	if (i < 0)
		return -1;
	*out = i;
	return 0;
}

/* One end of a band: 0..255. */
static int band_end(const char *s, size_t len, unsigned int *out)
{
	char buf[8];
	uint64_t v;

	if (!len || len >= sizeof(buf) || !isdigit((unsigned char)s[0]))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (value_parse_uint(buf, &v) < 0 || v > 255)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

int value_band(struct reader *r, const struct ynode *n, unsigned int *lo, unsigned int *hi)
{
	const char *dots;

	if (value_scalar(r, n, "priority"))
		return -1;
	dots = strstr(n->value, "..");
	if (dots ? band_end(n->value, dots - n->value, lo) ||
			    band_end(dots + 2, strlen(dots + 2), hi)
		 : band_end(n->value, strlen(n->value), lo)) {
		value_error(
			r, n,
			"priority '%s' is not a band; valid: LO..HI or P with numbers from 0 to 255, e.g. 10..100",
			n->value);
		return -1;
	}
	if (!dots)
		*hi = *lo;
	if (*lo > *hi) {
		value_error(r, n, "priority band %u..%u is empty; valid: LO <= HI, e.g. %u..%u",
			    *lo, *hi, *hi, *lo);
		return -1;
	}
	return 0;
}

int value_name(struct reader *r, const struct ynode *n, const char *what)
{
	const char *s;
	size_t len;

	if (value_scalar(r, n, what))
		return -1;
	s = n->value;
	len = strlen(s);
	int ok = len >= 1 && len <= NAME_MAX_LEN && islower((unsigned char)s[0]);

	for (size_t i = 1; ok && i < len; i++)
		ok = islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-' ||
		     s[i] == '_';
	if (!ok)
		value_error(
			r, n,
			"%s '%s' is not a valid name; valid: 1 to %d characters of a-z, 0-9, '-' and '_', starting with a letter",
			what, s, NAME_MAX_LEN);
	return ok ? 0 : -1;
}

const char *value_join(char *buf, size_t len, const char *const *words)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; words[i] && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? ", " : "", words[i]);
	return buf;
}

int value_choice(struct reader *r, const struct ynode *n, const char *what,
		 const char *const *choices)
{
	char valid[200];

	if (value_scalar(r, n, what))
		return -1;
	for (int i = 0; choices[i]; i++)
		if (!strcmp(n->value, choices[i]))
			return i;
	value_error(r, n, "%s '%s' is not valid; valid: %s", what, n->value,
		    value_join(valid, sizeof(valid), choices));
	return -1;
}

static int in_list(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

/* Report a key at @i that repeats an earlier one. */
static int duplicate_key(struct reader *r, const struct ynode *map, size_t i, const char *what)
{
	const struct ynode *key = map->items[i];

	for (size_t j = 0; j < i; j += 2)
		if (!strcmp(map->items[j]->value, key->value)) {
			value_error(r, key, "duplicate key '%s' in %s (first at line %u)",
				    key->value, what, map->items[j]->mark.line);
			return 1;
		}
	return 0;
}

int value_keys(struct reader *r, const struct ynode *map, const char *what,
	       const char *const *allowed, const char *const *required)
{
	char valid[300];
	int bad = 0;

	for (size_t i = 0; i + 1 < map->count; i += 2) {
		const struct ynode *key = map->items[i];

		if (key->kind != YNODE_SCALAR) {
			value_error(r, key, "a key in %s must be a scalar, not %s", what,
				    ytree_kind_name(key->kind));
			return -1;
		}
		if (!in_list(key->value, allowed)) {
			value_error(r, key, "unknown key '%s' in %s; valid keys: %s", key->value,
				    what, value_join(valid, sizeof(valid), allowed));
			bad = 1;
		} else {
			bad |= duplicate_key(r, map, i, what);
		}
	}
	for (int i = 0; required && required[i]; i++)
		if (!ytree_get(map, required[i])) {
			value_error(r, map, "%s has no '%s' key; it is required", what,
				    required[i]);
			bad = 1;
		}
	return bad ? -1 : 0;
}

int value_unique_keys(struct reader *r, const struct ynode *map, const char *what)
{
	int bad = 0;

	for (size_t i = 0; i + 1 < map->count; i += 2) {
		const struct ynode *key = map->items[i];

		if (key->kind != YNODE_SCALAR) {
			value_error(r, key, "a %s name must be a scalar, not %s", what,
				    ytree_kind_name(key->kind));
			return -1;
		}
		for (size_t j = 0; j < i; j += 2)
			if (!strcmp(map->items[j]->value, key->value)) {
				value_error(r, key, "duplicate %s '%s' (first at line %u)", what,
					    key->value, map->items[j]->mark.line);
				bad = 1;
				break;
			}
	}
	return bad ? -1 : 0;
}

const char *value_size_text(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMG";
	int u = -1;

	while (u < 2 && bytes >= 1024 && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)bytes, units[u]);
	return buf;
}
