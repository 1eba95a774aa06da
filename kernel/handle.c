// SPDX-License-Identifier: MIT
/* Handle tables: slots with generations and rights, per address space. */
#include <err.h>
#include <handle.h>

#define INDEX(h)	 ((h) & (HANDLE_MAX_SLOTS - 1))
#define GEN(h)		 (((h) >> HANDLE_INDEX_BITS) & 0xff)
#define MAKE(index, gen) ((handle_t)(index) | (handle_t)(gen) << HANDLE_INDEX_BITS)

void handle_table_init(struct handle_table *t, struct handle_slot *slots, uint32_t count)
{
	t->slots = slots;
	t->count = count < HANDLE_MAX_SLOTS ? count : HANDLE_MAX_SLOTS;
	t->free_hint = 1;
	for (uint32_t i = 0; i < t->count; i++)
		t->slots[i] = (struct handle_slot){0};
}

int handle_install(struct handle_table *t, struct kobj *obj, unsigned int rights, uint32_t badge)
{
	for (uint32_t i = t->free_hint; i < t->count; i++) {
		struct handle_slot *s = &t->slots[i];

		if (s->obj)
			continue;
		s->obj = obj;
		s->rights = rights & RIGHTS_ALL;
		s->badge = badge;
		obj->refs++;
		t->free_hint = i + 1;
		return (int)MAKE(i, s->gen);
	}
	return ERR_NO_MEMORY;
}

static struct handle_slot *slot_of(const struct handle_table *t, handle_t h)
{
	uint32_t i = INDEX(h);

	if (i == 0 || i >= t->count || h >> (HANDLE_INDEX_BITS + 8))
		return NULL;
	struct handle_slot *s = &t->slots[i];

	return s->obj && s->gen == GEN(h) ? s : NULL;
}

int handle_lookup(const struct handle_table *t, handle_t h, enum kobj_type type,
		  unsigned int rights, struct handle_slot **slot)
{
	struct handle_slot *s = slot_of(t, h);

	if (!s)
		return ERR_BAD_HANDLE;
	if (type != KOBJ_NONE && s->obj->type != type)
		return ERR_WRONG_TYPE;
	if ((s->rights & rights) != rights)
		return ERR_NO_RIGHTS;
	*slot = s;
	return ERR_NONE;
}

int handle_copy(const struct handle_table *src, handle_t h, struct handle_table *dst,
		unsigned int mask, uint32_t badge)
{
	struct handle_slot *s;
	int err = handle_lookup(src, h, KOBJ_NONE, 0, &s);

	if (err)
		return err;
	return handle_install(dst, s->obj, s->rights & mask, badge ? badge : s->badge);
}

int handle_close(struct handle_table *t, handle_t h, struct kobj **last)
{
	struct handle_slot *s = slot_of(t, h);

	if (!s)
		return ERR_BAD_HANDLE;
	struct kobj *obj = s->obj;

	*last = --obj->refs == 0 ? obj : NULL;
	*s = (struct handle_slot){.gen = (uint8_t)(s->gen + 1)};
	if (INDEX(h) < t->free_hint)
		t->free_hint = INDEX(h);
	return ERR_NONE;
}
