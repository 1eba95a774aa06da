/* SPDX-License-Identifier: MIT */
/*
 * The memory and string routines of the native runtime (the kernel's own,
 * kernel/lib/string.c, linked into every native program), declared with the
 * C library's types so that user code may use <stdint.h> beside them.
 */
#pragma once

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
