/* SPDX-License-Identifier: MIT */
/*
 * Formatted console output: %s %c %d %u %x, with l or ll for 64 bits, a
 * field width, '0' to pad with zeros and '-' to align left.
 */
#pragma once

#include <stdarg.h>

/** print_init() - where print() sends characters. */
void print_init(void (*putc)(char c));

/** print() - format and write to the console (polled: usable anywhere). */
void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
