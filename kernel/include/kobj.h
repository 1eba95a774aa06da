/* SPDX-License-Identifier: MIT */
/*
 * What every kernel object starts with: its type, its home core (the only
 * core that changes it, DESIGN.md principle 2), how many handles name it,
 * and the pool its memory came from and returns to.
 */
#pragma once

#include <types.h>

struct kmem_pool;

enum kobj_type {
	KOBJ_NONE = 0,
	KOBJ_THREAD,
	KOBJ_SPACE,
	KOBJ_ENDPOINT,
	KOBJ_NOTIFY,
	KOBJ_MEMORY,
	KOBJ_IRQ,
	KOBJ_TYPES,
};

struct kobj {
	uint8_t type;	  /* enum kobj_type */
	uint8_t home;	  /* home core */
	uint16_t handles; /* handles naming this object; 0: being destroyed */
	uint32_t size;	  /* bytes taken from the pool */
	struct kmem_pool *pool;
};

/** kobj_name() - "thread", "endpoint", ... for messages. */
const char *kobj_name(enum kobj_type type);
