/* SPDX-License-Identifier: MIT */
/*
 * Handles: the only way a thread names a kernel object. Each address space
 * has a table of slots; a handle is a slot index plus that slot's
 * generation, so a handle that was closed (and its slot reused) is stale,
 * never a different object. A handle carries rights; every operation
 * checks the rights it needs, and copies can only drop rights.
 *
 * Concurrency: threads of one space may run on several cores. Changes to
 * a table (install, close) are made under its lock. It is taken by cores
 * creating, copying or closing handles of that space (a copy into another
 * space takes the two locks one after the other, never nested), and on an
 * IPC path only when a message carries a handle; never for a lookup.
 * Lookups take no lock: they copy the slot in an order that detects a
 * change under them (handle.c), so a lookup sees either the whole old slot
 * or a stale handle, never a mix.
 */
#pragma once

#include <atomic.h>
#include <compiler.h>
#include <kobj.h>
#include <spinlock.h>
#include <types.h>
#include <uapi/cella/rights.h>

typedef uint32_t handle_t;

#define HANDLE_INDEX_BITS 12
#define HANDLE_MAX_SLOTS  (1u << HANDLE_INDEX_BITS)
#define HANDLE_NONE	  0 /* slot 0 is never used: 0 is never a valid handle */

struct handle_slot {
	struct kobj *obj; /* NULL: free */
	uint32_t badge;	  /* delivered to the receiver with each message */
	uint16_t rights;
	uint8_t gen; /* bumped when the slot is freed */
	uint8_t pad;
	uint32_t pad2; /* 16 bytes: a lookup indexes with one shift (and a table of
			* SPACE_HANDLES fills its power-of-two block exactly) */
};
STATIC_ASSERT(sizeof(void *) != 4 || sizeof(struct handle_slot) == 16,
	      "on the 32-bit target, handle slots are indexed with one shift");

struct handle_table {
	struct spinlock lock; /* guards every change to the slots and free_hint */
	struct handle_slot *slots;
	uint32_t count;
	uint32_t free_hint; /* lowest slot that may be free */
};

/** handle_table_init() - a table of @count slots (at most HANDLE_MAX_SLOTS) at @slots. */
void handle_table_init(struct handle_table *t, struct handle_slot *slots, uint32_t count);

/**
 * handle_install() - a new handle to @obj with @rights and @badge. Counts
 * a reference on @obj (which may be new, with none yet). Returns the
 * handle, or ERR_NO_MEMORY if the table is full.
 */
int handle_install(struct handle_table *t, struct kobj *obj, unsigned int rights, uint32_t badge);

/**
 * handle_install_new() - build an object with @make(@arg, &err) and install
 * a handle to it with @rights, only if the table has room: the table stays
 * locked meanwhile, so the object is never built for nothing (for objects
 * that cannot be undone, such as spaces). Returns the handle, ERR_NO_MEMORY
 * if the table is full (@make not called), or the error @make gave.
 */
int handle_install_new(struct handle_table *t, struct kobj *(*make)(void *arg, int *err), void *arg,
		       unsigned int rights);

/**
 * handle_lookup() - a copy of the slot of @h in @slot, if @h names an
 * object of @type (any type if KOBJ_NONE) and carries every right in
 * @rights. The object stays valid while the caller runs in the kernel on
 * its home core, or until another core closes its last handle; other
 * cores only read its type and home (and forward the work there).
 * Errors: ERR_BAD_HANDLE, ERR_WRONG_TYPE, ERR_NO_RIGHTS.
 */
int handle_lookup(const struct handle_table *t, handle_t h, enum kobj_type type,
		  unsigned int rights, struct handle_slot *slot);

/**
 * handle_find() - the object @h names in @t if it is of @type and carries
 * every right in @rights, else NULL; the slot's badge in @badge. The reads
 * of handle_lookup(), inline for the hot calls (the IPC fast path, polls):
 * on NULL, handle_lookup() says which error. Slot 0 is never used, so its
 * NULL object answers for handle 0.
 */
static inline struct kobj *handle_find(const struct handle_table *t, handle_t h,
				       enum kobj_type type, unsigned int rights, uint32_t *badge)
{
	uint32_t i = h & (HANDLE_MAX_SLOTS - 1);

	if (unlikely(i >= READ_ONCE(t->count)))
		return NULL;
	const struct handle_slot *s = &t->slots[i];
	struct kobj *obj = atomic_load(&s->obj, __ATOMIC_ACQUIRE);
	unsigned int have = atomic_load(&s->rights, __ATOMIC_RELAXED);

	*badge = atomic_load(&s->badge, __ATOMIC_RELAXED);
	atomic_fence(__ATOMIC_ACQUIRE); /* the order handle.c gives */
	if (unlikely(!obj))
		return NULL;
	if (unlikely(h >> HANDLE_INDEX_BITS != atomic_load(&s->gen, __ATOMIC_RELAXED) ||
		     obj->type != type || (have & rights) != rights))
		return NULL;
	return obj;
}

/**
 * handle_get() - handle_lookup(), and a reference on the object for the
 * caller to keep (kobj_put() it when done). Errors as handle_lookup().
 */
int handle_get(struct handle_table *t, handle_t h, enum kobj_type type, unsigned int rights,
	       struct handle_slot *slot);

/**
 * handle_copy() - install in @dst a handle to what @h in @src names, if @h
 * carries the rights @need (checked on the lookup that takes the object), with
 * the rights of @h masked by @mask and the given @badge (or the original
 * badge if @badge is 0). A badge is set once: a badged handle cannot be
 * copied with another badge (ERR_NO_RIGHTS), so a holder cannot forge one.
 * Returns the new handle or an error of handle_lookup() or handle_install().
 */
int handle_copy(struct handle_table *src, handle_t h, unsigned int need, struct handle_table *dst,
		unsigned int mask, uint32_t badge);

/**
 * handle_close() - free @h. Returns the object if this was its last handle
 * (the caller destroys it), NULL otherwise, via @last; ERR_BAD_HANDLE if
 * @h is not a handle.
 */
int handle_close(struct handle_table *t, handle_t h, struct kobj **last);

/**
 * handle_table_close() - close every handle in @t, for good: nothing can be
 * installed in it afterwards (ERR_NO_MEMORY, as for a full table). Each
 * object whose last reference this was goes to @released. Repeatable.
 */
void handle_table_close(struct handle_table *t, void (*released)(struct kobj *obj));

struct thread;

/* System calls (arguments and errors: docs/syscalls.md). */
int sys_handle_copy(struct thread *self, const uint32_t *args);
int sys_handle_close(struct thread *self, const uint32_t *args);
