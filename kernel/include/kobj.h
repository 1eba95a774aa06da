/* SPDX-License-Identifier: MIT */
/*
 * What every kernel object starts with: its type, its home core (the only
 * core that changes it, DESIGN.md principle 2), a reference count (one per
 * handle, one per kernel reference such as a thread's hold on its space or
 * a mapping's hold on its memory) and the pool its memory returns to.
 */
#pragma once

#include <types.h>
#include <xcall.h>

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
	uint32_t refs; /* handles and kernel references (atomic); 0: destroyed */
	uint32_t size; /* bytes taken from the pool */
	struct kmem_pool *pool;
	struct xreq release; /* carries the last reference's end to the home core */
};

/** kobj_name() - "thread", "endpoint", ... for messages. */
const char *kobj_name(enum kobj_type type);

/**
 * kobj_alloc() - a zeroed object of @size bytes from @pool, homed on this
 * core, with no references yet. NULL if the pool is exhausted.
 */
void *kobj_alloc(struct kmem_pool *pool, enum kobj_type type, size_t size);

/**
 * kobj_get() - take a reference. Any core, but only while the caller holds
 * another reference it knows cannot go meanwhile (a handle in a table it
 * has locked, a thread's own hold): counts are atomic, never revived from 0.
 */
void kobj_get(struct kobj *obj);

/** kobj_tryget() - take a reference unless the count is already 0 (then false). */
bool kobj_tryget(struct kobj *obj);

/**
 * kobj_put() - drop a reference. The last one destroys the object, on its
 * home core: from another core the request goes there (XOP_RELEASE).
 */
void kobj_put(struct kobj *obj);

/** kobj_released() - @obj's last reference is gone: destroy it on its home core. */
void kobj_released(struct kobj *obj);

/** kobj_destroy() - tear down an object whose last reference is gone. Home core. */
void kobj_destroy(struct kobj *obj);

/** kobj_free() - return a destroyed object's memory (after a deferred teardown). */
void kobj_free(struct kobj *obj);
