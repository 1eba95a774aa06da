// SPDX-License-Identifier: MIT
/* User memory access through the space's translation, page by page. */
#include <err.h>
#include <space.h>
#include <uaccess.h>
#include <uapi/cella/memory.h>

#include <shared/string.h>

/* Copy between kernel memory and [@uaddr, +@n) of @s, checking @rights per page. */
static int copy_user(const struct space *s, uint32_t uaddr, void *kbuf, uint32_t n,
		     unsigned int rights)
{
	char *k = kbuf;

	if (uaddr + n < uaddr)
		return ERR_FAULT;
	while (n) {
		uint32_t chunk = PAGE_SIZE - uaddr % PAGE_SIZE;
		paddr_t pa;

		if (chunk > n)
			chunk = n;
		if (!space_translate(s, uaddr, rights, &pa))
			return ERR_FAULT;
		if (rights & RIGHT_WRITE)
			memcpy((void *)(uintptr_t)pa, k, chunk);
		else
			memcpy(k, (const void *)(uintptr_t)pa, chunk);
		uaddr += chunk;
		k += chunk;
		n -= chunk;
	}
	return ERR_NONE;
}

bool user_access_ok(const struct space *s, uint32_t uaddr, uint32_t n, unsigned int rights)
{
	paddr_t pa;

	if (uaddr + n < uaddr)
		return false;
	for (uint32_t page = uaddr / PAGE_SIZE; n && page <= (uaddr + n - 1) / PAGE_SIZE; page++)
		if (!space_translate(s, page * PAGE_SIZE, rights, &pa))
			return false;
	return true;
}

int copy_from_user(const struct space *s, void *dst, uint32_t uaddr, uint32_t n)
{
	return copy_user(s, uaddr, dst, n, RIGHT_READ);
}

int copy_to_user(const struct space *s, uint32_t uaddr, const void *src, uint32_t n)
{
	return copy_user(s, uaddr, (void *)src, n, RIGHT_WRITE);
}
