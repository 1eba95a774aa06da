// SPDX-License-Identifier: MIT
/* Boot arguments: split "key=value" words once at boot, look them up by key. */
#include <limits.h>

#include <shared/bootargs.h>
#include <shared/string.h>

#define BOOTARGS_TEXT_MAX 512

/* Written once by the boot core before other cores start; read-only after. */
static char original[BOOTARGS_TEXT_MAX]; /* as given */
static char text[BOOTARGS_TEXT_MAX];	 /* split into words */
static struct {
	const char *key;
	const char *value;
} args[BOOTARGS_MAX];
static unsigned int nargs;

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Split the word at @w (NUL-terminated) into key and value. */
static void add_word(char *w)
{
	char *eq = w;

	while (*eq && *eq != '=')
		eq++;
	args[nargs].key = w;
	args[nargs].value = "";
	if (*eq) {
		*eq = '\0';
		args[nargs].value = eq + 1;
	}
	nargs++;
}

void bootargs_parse(const char *src, size_t max)
{
	size_t n = strnlen(src, max < sizeof(text) ? max : sizeof(text) - 1);
	char *p = text;

	memcpy(text, src, n);
	text[n] = '\0';
	memcpy(original, text, n + 1);
	nargs = 0;
	while (*p && nargs < BOOTARGS_MAX) {
		while (is_space(*p))
			*p++ = '\0';
		if (!*p)
			break;
		char *word = p;

		while (*p && !is_space(*p))
			p++;
		if (*p)
			*p++ = '\0';
		add_word(word);
	}
}

const char *bootargs_text(void)
{
	return original;
}

const char *bootarg(const char *key)
{
	for (unsigned int i = nargs; i-- > 0;)
		if (strcmp(args[i].key, key) == 0)
			return args[i].value;
	return NULL;
}

/* Parse digits of @s in @base into @v; false on junk or overflow. */
static bool parse_digits(const char **s, unsigned int base, unsigned long long *v)
{
	const char *p = *s;
	unsigned long long n = 0;

	for (;; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (n > (ULLONG_MAX - d) / base)
			return false;
		n = n * base + d;
	}
	if (p == *s)
		return false;
	*s = p;
	*v = n;
	return true;
}

static bool parse_number(const char **s, unsigned long long *v)
{
	if ((*s)[0] == '0' && ((*s)[1] == 'x' || (*s)[1] == 'X')) {
		*s += 2;
		return parse_digits(s, 16, v);
	}
	return parse_digits(s, 10, v);
}

unsigned int bootarg_u32(const char *key, unsigned int def)
{
	const char *s = bootarg(key);
	unsigned long long v;

	if (!s || !parse_number(&s, &v) || *s || v > UINT_MAX)
		return def;
	return (unsigned int)v;
}

bool parse_size(const char *s, unsigned long long *bytes)
{
	unsigned long long v;
	unsigned int shift = 0;

	if (!s || !parse_number(&s, &v))
		return false;
	if (*s == 'K' || *s == 'k')
		shift = 10;
	else if (*s == 'M' || *s == 'm')
		shift = 20;
	else if (*s == 'G' || *s == 'g')
		shift = 30;
	if (shift)
		s++;
	if (*s || (shift && v > (ULLONG_MAX >> shift)))
		return false;
	*bytes = v << shift;
	return true;
}
