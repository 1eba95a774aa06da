// SPDX-License-Identifier: MIT
/*
 * Handle tables: slots with generations and rights, per address space.
 *
 * A lookup on one core and a change on another (under the table's lock):
 * each slot is two 64-bit pairs, {obj, key} and {badge, key}, each read and
 * written at once (struct handle_slot). A lookup reads both, in any order,
 * without a barrier, and takes the slot only if both keys are its handle's,
 * live: both pairs were then written by the install that made that handle,
 * since every later write to the slot (its close, the next install) gives
 * it another key. The install writes the badge's pair, then the object's
 * with release, so the object's fields (read through the pointer, an
 * address dependency) are published before the key that leads to them.
 */
#include <atomic.h>
#include <compiler.h>
#include <err.h>
#include <handle.h>

#define INDEX(h) ((h) & (HANDLE_MAX_SLOTS - 1))
#define GEN(h)	 (((h) >> HANDLE_INDEX_BITS) & 0xff)

/* The handle a key names, live or next. */
static handle_t key_handle(uint32_t key)
{
	return key >> HANDLE_KEY_SHIFT;
}

/* Slot @s becomes free with key @key (no object, no rights, no badge); the table is locked. */
static void set_free(struct handle_slot *s, uint32_t key)
{
	struct handle_slot free = {.obj = NULL, .key = key, .badge = 0, .badge_key = key};

	atomic_store(&s->ref, free.ref, __ATOMIC_RELAXED);
	atomic_store(&s->tag, free.tag, __ATOMIC_RELAXED);
}

void handle_table_init(struct handle_table *t, struct handle_slot *slots, uint32_t count)
{
	t->lock = (struct spinlock)SPINLOCK_INIT;
	t->slots = slots;
	t->count = count < HANDLE_MAX_SLOTS ? count : HANDLE_MAX_SLOTS;
	t->free_hint = 1;
	for (uint32_t i = 0; i < t->count; i++)
		set_free(&t->slots[i], (uint32_t)i << HANDLE_KEY_SHIFT);
}

/* A free slot for @obj, or -1; the table is locked. */
static int install_locked(struct handle_table *t, struct kobj *obj, unsigned int rights,
			  uint32_t badge)
{
	for (uint32_t i = t->free_hint; i < t->count; i++) {
		struct handle_slot *s = &t->slots[i];

		if (s->obj)
			continue;
		handle_t h = key_handle(s->key);
		uint32_t key = h << HANDLE_KEY_SHIFT | HANDLE_KEY_LIVE | (rights & RIGHTS_ALL);
		struct handle_slot live = {
			.obj = obj, .key = key, .badge = badge, .badge_key = key};

		atomic_store(&s->tag, live.tag, __ATOMIC_RELAXED);
		atomic_store(&s->ref, live.ref, __ATOMIC_RELEASE);
		t->free_hint = i + 1;
		return (int)h;
	}
	return -1;
}

int handle_install(struct handle_table *t, struct kobj *obj, unsigned int rights, uint32_t badge)
{
	int h;

	spin_lock(&t->lock);
	h = install_locked(t, obj, rights, badge);
	if (h >= 0) /* may be the first: not kobj_get(), which never revives 0 */
		atomic_fetch_add(&obj->refs, 1, __ATOMIC_RELAXED);
	spin_unlock(&t->lock);
	return h >= 0 ? h : ERR_NO_MEMORY;
}

/* Whether the table has a free slot; it is locked. */
static bool has_room(const struct handle_table *t)
{
	for (uint32_t i = t->free_hint; i < t->count; i++)
		if (!t->slots[i].obj)
			return true;
	return false;
}

int handle_install_new(struct handle_table *t, struct kobj *(*make)(void *arg, int *err), void *arg,
		       unsigned int rights)
{
	struct kobj *obj = NULL;
	int h = ERR_NO_MEMORY;

	spin_lock(&t->lock);
	if (has_room(t) && (obj = make(arg, &h))) {
		h = install_locked(t, obj, rights, 0);
		atomic_fetch_add(&obj->refs, 1, __ATOMIC_RELAXED);
	}
	spin_unlock(&t->lock);
	return h;
}

/* A copy of the slot @h names, if it is still that slot; see the top of the file. */
static bool snapshot(const struct handle_table *t, handle_t h, struct handle_slot *out)
{
	uint32_t i = INDEX(h);

	if (i == 0 || i >= READ_ONCE(t->count) || h >> (HANDLE_INDEX_BITS + 8))
		return false;
	const struct handle_slot *s = &t->slots[i];

	out->ref = atomic_load(&s->ref, __ATOMIC_RELAXED);
	out->tag = atomic_load(&s->tag, __ATOMIC_RELAXED);
	return key_handle(out->key) == h && out->badge_key == out->key &&
	       (out->key & HANDLE_KEY_LIVE);
}

int handle_lookup(const struct handle_table *t, handle_t h, enum kobj_type type,
		  unsigned int rights, struct handle_slot *slot)
{
	if (!snapshot(t, h, slot))
		return ERR_BAD_HANDLE;
	if (type != KOBJ_NONE && slot->obj->type != type)
		return ERR_WRONG_TYPE;
	if ((handle_rights(slot) & rights) != rights)
		return ERR_NO_RIGHTS;
	return ERR_NONE;
}

int handle_get(struct handle_table *t, handle_t h, enum kobj_type type, unsigned int rights,
	       struct handle_slot *slot)
{
	int err;

	/* Under the lock @h cannot be closed, so its reference keeps the object. */
	spin_lock(&t->lock);
	err = handle_lookup(t, h, type, rights, slot);
	if (!err)
		kobj_get(slot->obj);
	spin_unlock(&t->lock);
	return err;
}

int handle_copy(struct handle_table *src, handle_t h, unsigned int need, struct handle_table *dst,
		unsigned int mask, uint32_t badge)
{
	struct handle_slot s;
	int copy, err = handle_get(src, h, KOBJ_NONE, need, &s);

	if (err)
		return err;
	if (badge && s.badge && badge != s.badge) { /* a badge is set once: no forging */
		kobj_put(s.obj);
		return ERR_NO_RIGHTS;
	}
	spin_lock(&dst->lock);
	copy = install_locked(dst, s.obj, handle_rights(&s) & mask, badge ? badge : s.badge);
	spin_unlock(&dst->lock);
	if (copy >= 0)
		return copy;
	kobj_put(s.obj);
	return ERR_NO_MEMORY;
}

/* Empty slot @i; the table is locked. */
static void clear_locked(struct handle_table *t, uint32_t i)
{
	struct handle_slot *slot = &t->slots[i];
	handle_t next = i | ((GEN(key_handle(slot->key)) + 1) % 256) << HANDLE_INDEX_BITS;

	set_free(slot, next << HANDLE_KEY_SHIFT);
	if (i < t->free_hint)
		t->free_hint = i;
}

/* Drop the reference a closed slot held: @obj if it was the last. */
static struct kobj *unref(struct kobj *obj)
{
	return atomic_fetch_sub(&obj->refs, 1, __ATOMIC_ACQ_REL) == 1 ? obj : NULL;
}

int handle_close(struct handle_table *t, handle_t h, struct kobj **last)
{
	struct handle_slot s;

	spin_lock(&t->lock);
	if (!snapshot(t, h, &s)) {
		spin_unlock(&t->lock);
		return ERR_BAD_HANDLE;
	}
	clear_locked(t, INDEX(h));
	spin_unlock(&t->lock);
	*last = unref(s.obj);
	return ERR_NONE;
}

void handle_table_close(struct handle_table *t, void (*released)(struct kobj *obj))
{
	uint32_t count;

	spin_lock(&t->lock);
	count = t->count;
	WRITE_ONCE(t->count, 0); /* no lookup, install or copy finds a slot from now on */
	spin_unlock(&t->lock);
	for (uint32_t i = 1; i < count; i++) {
		struct kobj *obj, *last = NULL;

		spin_lock(&t->lock);
		obj = t->slots[i].obj;
		if (obj)
			clear_locked(t, i);
		spin_unlock(&t->lock);
		if (obj && (last = unref(obj)))
			released(last);
	}
}
