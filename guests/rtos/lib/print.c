// SPDX-License-Identifier: MIT
/* A small printf, to the console or into a buffer: enough for reports and status lines. */
#include <stdbool.h>
#include <stdint.h>

#include <lib/print.h>

struct spec {
	unsigned width;
	bool zero, left;
	int longs; /* 0, 1 (l) or 2 (ll) */
};

/* Where characters go: the console when @buf is NULL, else @buf, cut at @cap - 1. */
struct sink {
	char *buf;
	size_t cap, len;
};

static void (*console)(char c);

void print_init(void (*putc)(char c))
{
	console = putc;
}

static void out(struct sink *o, char c)
{
	if (!o->buf)
		console(c);
	else if (o->len + 1 < o->cap)
		o->buf[o->len++] = c;
}

static void pad(struct sink *o, unsigned n, char c)
{
	while (n--)
		out(o, c);
}

static void emit(struct sink *o, const char *s, unsigned len, const struct spec *sp)
{
	unsigned fill = sp->width > len ? sp->width - len : 0;

	if (!sp->left)
		pad(o, fill, sp->zero ? '0' : ' ');
	for (unsigned i = 0; i < len; i++)
		out(o, s[i]);
	if (sp->left)
		pad(o, fill, ' ');
}

static void number(struct sink *o, uint64_t v, unsigned base, bool neg, const struct spec *sp)
{
	char buf[24];
	unsigned i = sizeof(buf);

	do {
		buf[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		buf[--i] = '-';
	emit(o, buf + i, sizeof(buf) - i, sp);
}

static uint64_t unsigned_arg(va_list *ap, int longs)
{
	if (longs == 2)
		return va_arg(*ap, unsigned long long);
	return longs ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);
}

static int64_t signed_arg(va_list *ap, int longs)
{
	if (longs == 2)
		return va_arg(*ap, long long);
	return longs ? va_arg(*ap, long) : va_arg(*ap, int);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){0};
	for (; *f == '0' || *f == '-'; f++)
		*(*f == '0' ? &sp->zero : &sp->left) = true;
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (unsigned)(*f - '0');
	for (; *f == 'l' && sp->longs < 2; f++)
		sp->longs++;
	return f;
}

static void convert(struct sink *o, char c, const struct spec *sp, va_list *ap)
{
	const char *s;
	int64_t v;
	unsigned len = 0;

	switch (c) {
	case 's':
		s = va_arg(*ap, const char *);
		while (s[len])
			len++;
		emit(o, s, len, sp);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		emit(o, &c, 1, sp);
		break;
	case 'd':
		v = signed_arg(ap, sp->longs);
		number(o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, sp);
		break;
	case 'u':
	case 'x':
		number(o, unsigned_arg(ap, sp->longs), c == 'x' ? 16 : 10, false, sp);
		break;
	default:
		out(o, '%');
		out(o, c);
	}
}

static void format(struct sink *o, const char *fmt, va_list *ap)
{
	struct spec sp;

	while (*fmt) {
		if (*fmt != '%' || fmt[1] == '%') {
			fmt += *fmt == '%';
			out(o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (*fmt)
			convert(o, *fmt++, &sp, ap);
	}
}

void print(const char *fmt, ...)
{
	struct sink o = {0};
	va_list ap;

	va_start(ap, fmt);
	format(&o, fmt, &ap);
	va_end(ap);
}

size_t print_buf(char *buf, size_t cap, const char *fmt, ...)
{
	struct sink o = {.buf = buf, .cap = cap};
	va_list ap;

	if (!cap)
		return 0;
	va_start(ap, fmt);
	format(&o, fmt, &ap);
	va_end(ap);
	buf[o.len] = 0;
	return o.len;
}
