/* SPDX-License-Identifier: MIT */
/*
 * What every kernel object starts with: its type, its home core (the only
 * core that changes it, DESIGN.md principle 2), a reference count (one per
 * handle, one per kernel reference such as a thread's hold on its space or
 * a mapping's hold on its memory) and the pool its memory returns to.
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
	KOBJ_IRQ_CONTROL,
	KOBJ_TYPES,
};

struct kobj {
	uint8_t type;  /* enum kobj_type */
	uint8_t home;  /* home core */
	uint16_t refs; /* handles and kernel references; 0: destroyed */
	uint32_t size; /* bytes taken from the pool */
	struct kmem_pool *pool;
};

/** kobj_name() - "thread", "endpoint", ... for messages. */
const char *kobj_name(enum kobj_type type);

/**
 * kobj_alloc() - a zeroed object of @size bytes from @pool, homed on this
 * core, with no references yet. NULL if the pool is exhausted.
 */
void *kobj_alloc(struct kmem_pool *pool, enum kobj_type type, size_t size);

/** kobj_get() - take a kernel reference. */
void kobj_get(struct kobj *obj);

/** kobj_put() - drop a reference; the last one destroys the object. */
void kobj_put(struct kobj *obj);

/** kobj_destroy() - tear down an object whose last reference is gone. */
void kobj_destroy(struct kobj *obj);
