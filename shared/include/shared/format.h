/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting into a caller's buffer: the one formatter behind
 * every console line. Portable; unit-tested on the host against libc.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags '-' '0' '#' ' ' '+',
 * a field width and precision (also '*'), length modifiers hh h l ll z t j.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

/**
 * vformat() - format into @buf, which always ends up NUL-terminated if @size > 0.
 * Returns the length the whole result has (as vsnprintf does), so a return
 * value >= @size means the output was truncated. Unknown conversions are
 * copied through literally.
 */
int vformat(char *buf, size_t size, const char *fmt, va_list ap);

/** format() - vformat() with a variable argument list. */
int format(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
