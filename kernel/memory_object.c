// SPDX-License-Identifier: MIT
/* Memory objects: split, map into a space, donate as kernel memory. */
#include <atomic.h>
#include <err.h>
#include <kmem.h>
#include <memory_object.h>
#include <root.h>
#include <space.h>
#include <syscall.h>
#include <thread.h>
#include <uapi/cella/memory.h>

struct memory *memory_create(struct kmem_pool *pool, paddr_t base, uint32_t size)
{
	struct memory *m = kobj_alloc(pool, KOBJ_MEMORY, sizeof(*m));

	if (m) {
		m->base = base;
		m->size = size;
	}
	return m;
}

/* Mapped, or kernel memory: pairs with the release stores of a space that went. */
static bool in_use(struct memory *m)
{
	return atomic_load(&m->donated, __ATOMIC_ACQUIRE) ||
	       atomic_load(&m->mappings, __ATOMIC_ACQUIRE);
}

/* The memory object @h names, if homed here; else the call goes to its home. */
static int lookup(struct thread *self, handle_t h, unsigned int rights, struct memory **m)
{
	struct handle_slot slot;
	int err = handle_lookup(&self->space->handles, h, KOBJ_MEMORY, rights, &slot);

	if (err)
		return err;
	*m = (struct memory *)slot.obj;
	return syscall_here(self, &slot.obj->home);
}

int memory_take_for_kernel(struct thread *self, handle_t h, struct memory **m)
{
	int err = lookup(self, h, RIGHT_MAP | RIGHT_MANAGE, m);

	if (err)
		return err;
	if (in_use(*m) || (*m)->device)
		return ERR_STATE;
	return ERR_NONE;
}

void memory_reclaim(struct memory *given)
{
	while (given) {
		struct memory *m = given;

		given = m->given_next;
		m->given_next = NULL;
		atomic_store(&m->donated, false, __ATOMIC_RELEASE);
		kobj_put(&m->obj);
	}
}

/* (memory, offset) -> a new memory object for [offset, size); the old one keeps [0, offset). */
int sys_memory_split(struct thread *self, const uint32_t *args)
{
	struct space *s = self->space;
	struct handle_slot slot;
	struct memory *m, *upper;
	uint32_t offset = args[1];
	int err = lookup(self, args[0], RIGHT_MANAGE, &m);
	int h;

	if (err)
		return err;
	if (in_use(m))
		return ERR_STATE;
	if (!offset || offset >= m->size || offset % PAGE_SIZE)
		return ERR_INVALID;
	upper = memory_create(&s->pool, m->base + offset, m->size - offset);
	if (!upper)
		return ERR_NO_MEMORY;
	upper->device = m->device;
	err = handle_lookup(&s->handles, args[0], KOBJ_MEMORY, 0, &slot);
	h = err ? err : handle_install(&s->handles, &upper->obj, handle_rights(&slot), 0);
	if (h < 0) {
		kobj_destroy(&upper->obj);
		return h;
	}
	m->size = offset;
	return h;
}

/* (space, memory, addr, rights) -> 0: map the whole memory object at addr. */
int sys_memory_map(struct thread *self, const uint32_t *args)
{
	struct memory *m;
	unsigned int rights = args[3];
	struct handle_slot slot;
	int err;

	if (!rights || (rights & ~(RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC)))
		return ERR_INVALID;
	err = lookup(self, args[1], RIGHT_MAP | rights, &m);
	if (err)
		return err; /* from here on on @m's home core */
	if (atomic_load(&m->donated, __ATOMIC_ACQUIRE))
		return ERR_STATE;
	/* Its last handle may be closed on another core just now: a count from 0 is not revived. */
	if (!kobj_tryget(&m->obj))
		return ERR_BAD_HANDLE;
	/* The target may be homed anywhere: a reference keeps it meanwhile. */
	err = handle_get(&self->space->handles, args[0], KOBJ_SPACE, RIGHT_MANAGE, &slot);
	if (err) {
		kobj_put(&m->obj);
		return err;
	}
	/*
	 * Mapped, or partly (a page already there, tables exhausted): either
	 * way the memory now counts as mapped, so it can never become kernel
	 * memory until the target space goes.
	 */
	err = space_map_memory((struct space *)slot.obj, args[2], m, rights);
	kobj_put(slot.obj);
	kobj_put(&m->obj);
	return err;
}

/* (space, memory) -> 0: the memory becomes kernel memory of the space. */
int sys_kmem_donate(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	struct space *s;
	struct memory *m;
	int err = memory_take_for_kernel(self, args[1], &m);

	if (err)
		return err;	   /* from here on on @m's home core */
	if (!kobj_tryget(&m->obj)) /* its last handle was closed on another core just now */
		return ERR_BAD_HANDLE;
	err = handle_get(&self->space->handles, args[0], KOBJ_SPACE, RIGHT_MANAGE, &slot);
	if (err) {
		kobj_put(&m->obj);
		return err;
	}
	s = (struct space *)slot.obj;
	/*
	 * Memory whose object lives in the pool it would join would keep that
	 * pool, so the space could never go; only the root space never does.
	 */
	if (m->obj.pool == &s->pool && s != root_space())
		err = ERR_INVALID;
	else
		err = kmem_donate(&s->pool, (void *)(uintptr_t)m->base, m->size);
	if (!err) {
		kobj_get(&m->obj); /* the space's, until it goes */
		atomic_store(&m->donated, true, __ATOMIC_RELAXED);
		spin_lock(&s->map_lock);
		m->given_next = s->given;
		s->given = m;
		spin_unlock(&s->map_lock);
	}
	kobj_put(slot.obj);
	kobj_put(&m->obj);
	return err;
}
