/* SPDX-License-Identifier: MIT */
/*
 * Formatted output, to the console or into a buffer: %s %c %d %u %x, with
 * l or ll for 64 bits, a field width, '0' to pad with zeros and '-' to
 * align left.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

/** print_init() - where print() sends characters. */
void print_init(void (*putc)(char c));

/** print() - format and write to the console (polled: usable anywhere). */
void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * print_buf() - format into @buf of @cap bytes, NUL-terminated and cut
 * short if it does not fit; the characters written (at most @cap - 1).
 * Usable anywhere (no shared state).
 */
size_t print_buf(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
