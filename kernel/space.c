// SPDX-License-Identifier: MIT
/* Address spaces: creation from donated memory, mappings, translation, syscalls. */
#include <atomic.h>
#include <cpu.h>
#include <err.h>
#include <memory_object.h>
#include <root.h>
#include <space.h>
#include <syscall.h>
#include <thread.h>

#include <shared/string.h>

struct space *space_create(void *base, size_t size, int *err)
{
	struct kmem_pool pool;
	struct space *s;
	struct handle_slot *slots;

	kmem_pool_init(&pool);
	*err = kmem_donate(&pool, base, size);
	if (*err)
		return NULL;
	*err = ERR_NO_MEMORY;
	s = kmem_alloc(&pool, sizeof(*s));
	slots = kmem_alloc(&pool, SPACE_HANDLES * sizeof(*slots));
	if (!s || !slots)
		goto undo;
	s->pool = pool; /* from here on the space's own pool is the live one */
	s->obj = (struct kobj){.type = KOBJ_SPACE,
			       .home = (uint8_t)this_cpu()->id,
			       .refs = 1, /* the caller's */
			       .size = sizeof(*s),
			       .pool = &s->pool};
	s->map_lock = (struct spinlock)SPINLOCK_INIT;
	list_init(&s->mappings);
	list_init(&s->children);
	list_init(&s->sibling);
	s->live = 1; /* while it is referenced */
	handle_table_init(&s->handles, slots, SPACE_HANDLES);
	*err = space_arch_init(s);
	if (!*err)
		return s;
	space_arch_undo(s);
undo:
	if (slots)
		memset(slots, 0, SPACE_HANDLES * sizeof(*slots));
	if (s)
		memset(s, 0, sizeof(*s));
	return NULL;
}

int space_map(struct space *s, uint32_t addr, paddr_t pa, uint32_t size, unsigned int rights)
{
	int err;

	spin_lock(&s->map_lock);
	err = space_arch_map(s, addr, pa, size, rights);
	spin_unlock(&s->map_lock);
	return err;
}

/* Whether @s has a record of @m already; map_lock held. */
static bool recorded(const struct space *s, const struct memory *m)
{
	for (const struct list *pos = s->mappings.next; pos != &s->mappings; pos = pos->next)
		if (list_entry(pos, struct space_mapping, link)->m == m)
			return true;
	return false;
}

/*
 * One record per memory object a space maps, however often: so the records
 * are bounded by the objects it can name, and a map that fails (or maps the
 * same memory again) costs the pool nothing. Two cores mapping one object
 * at once may both record it: harmless, each record is dropped at the end.
 */
int space_map_memory(struct space *s, uint32_t addr, struct memory *m, unsigned int rights)
{
	struct space_mapping *rec = NULL;
	bool known;
	int err;

	spin_lock(&s->map_lock);
	known = recorded(s, m);
	spin_unlock(&s->map_lock);
	if (!known && !(rec = kmem_alloc(&s->pool, sizeof(*rec))))
		return ERR_NO_MEMORY;
	spin_lock(&s->map_lock);
	err = space_arch_map(s, addr, m->base, m->size,
			     rights | (m->device ? SPACE_MAP_DEVICE : 0));
	/* Refused before anything was mapped (ERR_INVALID), or not: then counted. */
	if (rec && err != ERR_INVALID) {
		kobj_get(&m->obj);
		atomic_fetch_add(&m->mappings, 1, __ATOMIC_RELAXED);
		rec->m = m;
		list_add_tail(&s->mappings, &rec->link);
		rec = NULL;
	}
	spin_unlock(&s->map_lock);
	if (rec)
		kmem_free(&s->pool, rec, sizeof(*rec));
	return err;
}

bool space_translate(const struct space *s, uint32_t addr, unsigned int rights, paddr_t *pa)
{
	return space_arch_translate(s, addr, rights, pa);
}

/*
 * A space in memory object @arg, or NULL with *@err set. It is built only
 * once its handle has room, and a failed one leaves nothing behind: no
 * VMID, and the kernel objects it had begun are wiped from the memory,
 * which stays its owner's (the pool's own links in it point only into it).
 */
struct space_args {
	struct space *parent;
	struct memory *m;
	uint32_t spaces; /* the new space's own quota of spaces */
};

static struct kobj *make_space(void *arg, int *err)
{
	const struct space_args *a = arg;
	struct space *s = space_create((void *)(uintptr_t)a->m->base, a->m->size, err);

	if (!s)
		return NULL;
	s->obj.refs = 0; /* the handle about to be installed is its only reference */
	s->spaces_left = a->spaces;
	s->parent = a->parent;
	space_pool_get(&a->parent->pool); /* the parent's memory outlives the child */
	kobj_get(&a->m->obj);		  /* given back when the space goes */
	atomic_store(&a->m->donated, true, __ATOMIC_RELAXED);
	s->given = a->m;
	spin_lock(&a->parent->map_lock);
	list_add_tail(&a->parent->children, &s->sibling);
	spin_unlock(&a->parent->map_lock);
	return &s->obj;
}

/* Take @n from @s's quota of spaces; false (nothing taken) if it has fewer. */
static bool charge(struct space *s, uint32_t n)
{
	uint32_t left = atomic_load(&s->spaces_left, __ATOMIC_RELAXED);

	do {
		if (left < n)
			return false;
	} while (!atomic_cmpxchg(&s->spaces_left, &left, left - n, true, __ATOMIC_RELAXED,
				 __ATOMIC_RELAXED));
	return true;
}

/*
 * (memory, spaces) -> space: the whole memory object becomes the new
 * space's kernel memory, and it may create @spaces spaces in turn. Each
 * space takes a VMID (64 a core), so the caller's own quota pays for the
 * new one and for what it hands on: 1 + @spaces, refunded when it goes.
 */
int sys_space_create(struct thread *self, const uint32_t *args)
{
	struct space *own = self->space;
	struct space_args a = {.parent = own, .spaces = args[1]};
	int err = memory_take_for_kernel(self, args[0], &a.m);
	int h;

	if (err)
		return err;
	if (a.spaces > SPACE_QUOTA_MAX)
		return ERR_INVALID;
	if (!kobj_tryget(&a.m->obj)) /* its last handle was closed on another core just now */
		return ERR_BAD_HANDLE;
	if (!charge(own, a.spaces + 1)) {
		kobj_put(&a.m->obj);
		return ERR_NO_MEMORY;
	}
	h = handle_install_new(&own->handles, make_space, &a, RIGHTS_ALL);
	if (h < 0)
		atomic_fetch_add(&own->spaces_left, a.spaces + 1, __ATOMIC_RELAXED);
	kobj_put(&a.m->obj); /* the new space took its own */
	return h;
}

/*
 * (space) -> 0: close every handle the space holds, and those of the
 * spaces it made (theirs too), and @h. What still references it (its
 * threads, handles elsewhere) keeps it until they go; closing the tables is
 * what breaks cycles (a space holding a handle to itself, or to its own
 * threads). The root space is not for destroying.
 */
int sys_space_destroy(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	struct kobj *last = NULL;
	int err = handle_get(&self->space->handles, args[0], KOBJ_SPACE, RIGHT_MANAGE, &slot);

	if (err)
		return err;
	if (slot.obj == &root_space()->obj) {
		kobj_put(slot.obj);
		return ERR_INVALID;
	}
	/*
	 * The caller's handle first: closing the space's table may end the
	 * calling thread itself (its last handle was there), and nothing of it
	 * may be touched after. The reference taken above keeps the space.
	 */
	if (!handle_close(&self->space->handles, args[0], &last) && last)
		kobj_released(last);
	space_close((struct space *)slot.obj);
	kobj_put(slot.obj);
	return ERR_NONE;
}

/* (space) -> bytes of kernel memory not in live objects. */
int sys_kmem_available(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	int err = handle_get(&self->space->handles, args[0], KOBJ_SPACE, RIGHT_READ, &slot);
	uint32_t avail;

	if (err)
		return err;
	avail = kmem_available(&((struct space *)slot.obj)->pool);
	kobj_put(slot.obj);
	return (int)(avail & 0x7fffffff);
}
