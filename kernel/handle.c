// SPDX-License-Identifier: MIT
/*
 * Handle tables: slots with generations and rights, per address space.
 *
 * Ordering between a lookup on one core and a change on another:
 * - install writes rights and badge, then obj with release;
 * - close bumps gen, a release fence, then clears obj, rights and badge;
 * - a lookup loads obj with acquire, copies rights and badge, an acquire
 *   fence, then loads gen and compares it with the handle's.
 * A lookup that sees a newly installed obj also sees its rights and the
 * bumped gen (acquire/release on obj); one that sees rights written after
 * a close also sees the bumped gen (release fence in close / acquire fence
 * in lookup). Either way a reused slot reads as a stale handle.
 */
#include <atomic.h>
#include <compiler.h>
#include <err.h>
#include <handle.h>

#define INDEX(h)	 ((h) & (HANDLE_MAX_SLOTS - 1))
#define GEN(h)		 (((h) >> HANDLE_INDEX_BITS) & 0xff)
#define MAKE(index, gen) ((handle_t)(index) | (handle_t)(gen) << HANDLE_INDEX_BITS)

void handle_table_init(struct handle_table *t, struct handle_slot *slots, uint32_t count)
{
	t->lock = (struct spinlock)SPINLOCK_INIT;
	t->slots = slots;
	t->count = count < HANDLE_MAX_SLOTS ? count : HANDLE_MAX_SLOTS;
	t->free_hint = 1;
	for (uint32_t i = 0; i < t->count; i++)
		t->slots[i] = (struct handle_slot){0};
}

/* A free slot for @obj, or -1; the table is locked. */
static int install_locked(struct handle_table *t, struct kobj *obj, unsigned int rights,
			  uint32_t badge)
{
	for (uint32_t i = t->free_hint; i < t->count; i++) {
		struct handle_slot *s = &t->slots[i];

		if (s->obj)
			continue;
		WRITE_ONCE(s->rights, rights & RIGHTS_ALL);
		WRITE_ONCE(s->badge, badge);
		atomic_store(&s->obj, obj, __ATOMIC_RELEASE);
		t->free_hint = i + 1;
		return (int)MAKE(i, s->gen);
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

	out->obj = atomic_load(&s->obj, __ATOMIC_ACQUIRE);
	out->rights = READ_ONCE(s->rights);
	out->badge = READ_ONCE(s->badge);
	atomic_fence(__ATOMIC_ACQUIRE);
	out->gen = READ_ONCE(s->gen);
	return out->obj && out->gen == GEN(h);
}

int handle_lookup(const struct handle_table *t, handle_t h, enum kobj_type type,
		  unsigned int rights, struct handle_slot *slot)
{
	struct handle_slot s;

	if (!snapshot(t, h, &s))
		return ERR_BAD_HANDLE;
	if (type != KOBJ_NONE && s.obj->type != type)
		return ERR_WRONG_TYPE;
	if ((s.rights & rights) != rights)
		return ERR_NO_RIGHTS;
	*slot = s;
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
	copy = install_locked(dst, s.obj, s.rights & mask, badge ? badge : s.badge);
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

	WRITE_ONCE(slot->gen, (uint8_t)(slot->gen + 1));
	atomic_fence(__ATOMIC_RELEASE);
	atomic_store(&slot->obj, NULL, __ATOMIC_RELAXED);
	WRITE_ONCE(slot->rights, 0);
	WRITE_ONCE(slot->badge, 0);
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
