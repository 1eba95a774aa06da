/* SPDX-License-Identifier: MIT */
/*
 * Reading and writing user memory. The kernel never touches a user
 * address directly: it translates each page through the space's stage-2
 * tables (which must allow the access) and uses the physical address,
 * which the kernel maps 1:1. A bad address is an ERR_FAULT, never a
 * kernel fault.
 */
#pragma once

#include <types.h>

struct space;

/** user_access_ok() - whether all of [@uaddr, +@n) in @s allows @rights. */
bool user_access_ok(const struct space *s, uint32_t uaddr, uint32_t n, unsigned int rights);

/** copy_from_user() - @n bytes at @uaddr in @s to @dst; ERR_FAULT if not all readable. */
int copy_from_user(const struct space *s, void *dst, uint32_t uaddr, uint32_t n);

/** copy_to_user() - @n bytes from @src to @uaddr in @s; ERR_FAULT if not all writable. */
int copy_to_user(const struct space *s, uint32_t uaddr, const void *src, uint32_t n);
