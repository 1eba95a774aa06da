// SPDX-License-Identifier: MIT
/* printf-style formatting: the one formatter behind every console line. */
#include <stdbool.h>
#include <stdint.h>

#include <shared/format.h>

/* One conversion specification, as parsed from the format string. */
struct spec {
	bool left; /* '-' */
	bool zero; /* '0' */
	bool alt;  /* '#' */
	char sign; /* '+', ' ' or 0 */
	int width;
	int prec; /* -1: none given */
	int size; /* sizeof the argument for integer conversions */
};

/* Output cursor: counts everything, stores what fits. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static const char *parse_flags(const char *f, struct spec *s)
{
	for (;; f++) {
		if (*f == '-')
			s->left = true;
		else if (*f == '0')
			s->zero = true;
		else if (*f == '#')
			s->alt = true;
		else if (*f == '+')
			s->sign = '+';
		else if (*f == ' ' && s->sign != '+')
			s->sign = ' ';
		else
			return f;
	}
}

static const char *parse_number(const char *f, int *n, va_list *ap)
{
	if (*f == '*') {
		*n = va_arg(*ap, int);
		return f + 1;
	}
	*n = 0;
	while (*f >= '0' && *f <= '9')
		*n = *n * 10 + (*f++ - '0');
	return f;
}

static const char *parse_size_modifier(const char *f, struct spec *s)
{
	s->size = sizeof(int);
	if (f[0] == 'h' && f[1] == 'h')
		return s->size = sizeof(char), f + 2;
	if (f[0] == 'l' && f[1] == 'l')
		return s->size = sizeof(long long), f + 2;
	if (*f == 'h')
		s->size = sizeof(short);
	else if (*f == 'l')
		s->size = sizeof(long);
	else if (*f == 'z')
		s->size = sizeof(size_t);
	else if (*f == 't')
		s->size = sizeof(ptrdiff_t);
	else if (*f == 'j')
		s->size = sizeof(intmax_t);
	else
		return f;
	return f + 1;
}

static const char *parse_spec(const char *f, struct spec *s, va_list *ap)
{
	*s = (struct spec){.prec = -1};
	f = parse_flags(f, s);
	f = parse_number(f, &s->width, ap);
	if (s->width < 0) {
		s->left = true;
		s->width = -s->width;
	}
	if (*f == '.') {
		f = parse_number(f + 1, &s->prec, ap);
		if (s->prec < 0)
			s->prec = -1;
	}
	return parse_size_modifier(f, s);
}

static unsigned long long arg_unsigned(const struct spec *s, va_list *ap)
{
	if (s->size == sizeof(long long))
		return va_arg(*ap, unsigned long long);
	unsigned long v =
		s->size == sizeof(long) ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
	if (s->size == sizeof(short))
		v = (unsigned short)v;
	else if (s->size == sizeof(char))
		v = (unsigned char)v;
	return v;
}

static long long arg_signed(const struct spec *s, va_list *ap)
{
	if (s->size == sizeof(long long))
		return va_arg(*ap, long long);
	long v = s->size == sizeof(long) ? va_arg(*ap, long) : va_arg(*ap, int);
	if (s->size == sizeof(short))
		v = (short)v;
	else if (s->size == sizeof(char))
		v = (signed char)v;
	return v;
}

/* Print @v in @base with the sign/prefix @pre already decided. */
static void put_integer(struct out *o, const struct spec *s, unsigned long long v,
			unsigned int base, bool upper, const char *pre)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prelen = 0;

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (n == 0 && s->prec != 0)
		tmp[n++] = '0';
	while (pre[prelen])
		prelen++;
	int zeros = s->prec > n ? s->prec - n : 0;
	int fill = s->width - prelen - zeros - n;

	if (s->zero && !s->left && s->prec < 0) {
		zeros += fill > 0 ? fill : 0;
		fill = 0;
	}
	if (!s->left)
		pad(o, ' ', fill);
	for (int i = 0; i < prelen; i++)
		put(o, pre[i]);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (s->left)
		pad(o, ' ', fill);
}

static void put_signed(struct out *o, const struct spec *s, long long v)
{
	char pre[2] = {s->sign, 0};
	unsigned long long mag = (unsigned long long)v;

	if (v < 0) {
		pre[0] = '-';
		mag = -mag;
	}
	put_integer(o, s, mag, 10, false, pre);
}

static void put_unsigned(struct out *o, struct spec *s, char conv, va_list *ap)
{
	unsigned long long v = arg_unsigned(s, ap);
	unsigned int base = conv == 'o' ? 8 : conv == 'u' ? 10 : 16;
	const char *pre = "";

	if (s->alt && conv == 'o')
		pre = "0";
	else if (s->alt && v != 0 && base == 16)
		pre = conv == 'X' ? "0X" : "0x";
	put_integer(o, s, v, base, conv == 'X', pre);
}

static void put_string(struct out *o, const struct spec *s, const char *str)
{
	int n = 0;

	if (!str)
		str = "(null)";
	while (str[n] && (s->prec < 0 || n < s->prec))
		n++;
	if (!s->left)
		pad(o, ' ', s->width - n);
	for (int i = 0; i < n; i++)
		put(o, str[i]);
	if (s->left)
		pad(o, ' ', s->width - n);
}

static void put_pointer(struct out *o, struct spec *s, const void *p)
{
	s->alt = true;
	s->size = sizeof(void *);
	put_integer(o, s, (uintptr_t)p, 16, false, "0x");
}

static void put_conversion(struct out *o, struct spec *s, const char *start, const char *f,
			   va_list *ap)
{
	char c;

	switch (*f) {
	case 'd':
	case 'i':
		put_signed(o, s, arg_signed(s, ap));
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		put_unsigned(o, s, *f, ap);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		if (!s->left)
			pad(o, ' ', s->width - 1);
		put(o, c);
		if (s->left)
			pad(o, ' ', s->width - 1);
		break;
	case 's':
		put_string(o, s, va_arg(*ap, const char *));
		break;
	case 'p':
		put_pointer(o, s, va_arg(*ap, const void *));
		break;
	case '%':
		put(o, '%');
		break;
	default: /* unknown: copy the specification through */
		while (start <= f && *start)
			put(o, *start++);
	}
}

int vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	struct spec s;
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		const char *start = f;

		f = parse_spec(f + 1, &s, &args);
		put_conversion(&o, &s, start, f, &args);
		if (!*f)
			break;
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
