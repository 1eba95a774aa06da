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
 * Lookups take no lock and no barrier: a slot is two pairs of words, each
 * read and written at once, each with the slot's key (struct handle_slot),
 * so a lookup sees either the whole slot of its handle or a stale handle,
 * never a mix.
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

/*
 * A slot's key: the handle that names it (index and generation) above
 * HANDLE_KEY_LIVE and the rights; free, the handle its next object will
 * get, without HANDLE_KEY_LIVE (the generation is bumped when it is freed).
 */
#define HANDLE_KEY_SHIFT 12
#define HANDLE_KEY_LIVE	 (1u << 11)
STATIC_ASSERT(RIGHTS_ALL < HANDLE_KEY_LIVE && HANDLE_KEY_SHIFT + HANDLE_INDEX_BITS + 8 == 32,
	      "a key holds a handle, a live bit and the rights");

/*
 * Two pairs, each read and written as one 64-bit access (single-copy atomic
 * on ARMv7 with LPAE: LDRD, and LDREXD/STREXD), each with the key. A lookup
 * reads both; when both keys are the handle it holds (with the live bit),
 * both pairs are that handle's, whatever changed the slot meanwhile: a
 * slot never has the same key again until its 8-bit generation wraps.
 * 16 bytes: a lookup indexes with one shift (and a table of SPACE_HANDLES
 * fills its power-of-two block exactly).
 */
#if __SIZEOF_POINTER__ == 4
typedef uint64_t handle_ref_t;
#else
typedef unsigned __int128 handle_ref_t; /* a 64-bit host's (unit tests): pointer and key */
#endif

struct handle_slot {
	union {
		struct {
			struct kobj *obj; /* NULL: free */
			uint32_t key;
		};
		handle_ref_t ref;
	};
	union {
		struct {
			uint32_t badge; /* delivered to the receiver with each message */
			uint32_t badge_key;
		};
		uint64_t tag;
	};
} __aligned(8);
STATIC_ASSERT(sizeof(void *) != 4 || sizeof(struct handle_slot) == 16,
	      "on the 32-bit target, handle slots are indexed with one shift");

/** handle_rights() - the rights of the handle whose slot @s is a copy of. */
static inline unsigned int handle_rights(const struct handle_slot *s)
{
	return s->key & RIGHTS_ALL;
}

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
 * @rights (after an error, @slot holds nothing of use). The object stays valid while the caller runs in the kernel on
 * its home core, or until another core closes its last handle; other
 * cores only read its type and home (and forward the work there).
 * Errors: ERR_BAD_HANDLE, ERR_WRONG_TYPE, ERR_NO_RIGHTS.
 */
int handle_lookup(const struct handle_table *t, handle_t h, enum kobj_type type,
		  unsigned int rights, struct handle_slot *slot);

/**
 * handle_find() - the object @h names in @t if it is of @type and carries
 * every right in @rights, else NULL; the slot's badge in @badge, unless
 * that is NULL (then the badge's pair is not read at all). The reads
 * of handle_lookup(), inline for the hot calls (the IPC fast path, polls):
 * on NULL, handle_lookup() says which error. Slot 0 is never used (its key
 * is never live). The object's own fields are read through the pointer
 * read with the key: that address dependency orders them after it (the
 * install published them before the key, handle.c).
 */
static inline struct kobj *handle_find(const struct handle_table *t, handle_t h,
				       enum kobj_type type, unsigned int rights, uint32_t *badge)
{
	uint32_t i = h & (HANDLE_MAX_SLOTS - 1);
	struct handle_slot s;

	if (unlikely(i >= READ_ONCE(t->count)))
		return NULL;
	s.ref = atomic_load(&t->slots[i].ref, __ATOMIC_RELAXED);
	/* A free slot's key has no rights: a right asked for tells it from a live one. */
	if (unlikely(s.key >> HANDLE_KEY_SHIFT != h ||
		     (rights ? (s.key & rights) != rights : !(s.key & HANDLE_KEY_LIVE))))
		return NULL;
	if (badge) {
		s.tag = atomic_load(&t->slots[i].tag, __ATOMIC_RELAXED);
		if (unlikely(s.badge_key != s.key))
			return NULL;
		*badge = s.badge;
	}
	return likely(s.obj->type == type) ? s.obj : NULL;
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
