/* SPDX-License-Identifier: MIT */
/*
 * The C string and memory routines of the freestanding kernel and of every
 * native program (shared/string.c). Only the compiler's own <stddef.h>
 * types, so that the kernel (with its <types.h>) and user code (with the C
 * library's <stdint.h>) declare them alike.
 */
#pragma once

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
