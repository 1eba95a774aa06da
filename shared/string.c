// SPDX-License-Identifier: MIT
/* Memory and string routines for the kernel and native programs (GCC may call the mem* ones). */
#include <stdint.h>

#include <shared/string.h>

/* A word that may alias any object: the bulk of memset() and memcpy(). */
typedef uint32_t __attribute__((may_alias)) word_t;

/* Word stores once @dst is aligned: a cell's memory is zeroed 4 bytes at a time, not 1. */
void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	word_t w = (unsigned char)c * 0x01010101u;

	for (; n && (uintptr_t)d % 4; n--)
		*d++ = (unsigned char)c;
	for (; n >= 16; n -= 16, d += 16) {
		((word_t *)d)[0] = w;
		((word_t *)d)[1] = w;
		((word_t *)d)[2] = w;
		((word_t *)d)[3] = w;
	}
	for (; n >= 4; n -= 4, d += 4)
		*(word_t *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

/* Word copies when both ends are aligned alike, bytes otherwise. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d % 4 == (uintptr_t)s % 4) {
		for (; n && (uintptr_t)d % 4; n--)
			*d++ = *s++;
		for (; n >= 16; n -= 16, d += 16, s += 16) {
			((word_t *)d)[0] = ((const word_t *)s)[0];
			((word_t *)d)[1] = ((const word_t *)s)[1];
			((word_t *)d)[2] = ((const word_t *)s)[2];
			((word_t *)d)[3] = ((const word_t *)s)[3];
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

size_t strlen(const char *s)
{
	return strnlen(s, SIZE_MAX);
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}
