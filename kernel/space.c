// SPDX-License-Identifier: MIT
/* Address spaces: creation from donated memory, mappings, translation, syscalls. */
#include <atomic.h>
#include <cpu.h>
#include <err.h>
#include <kstring.h>
#include <memory.h>
#include <space.h>
#include <syscall.h>
#include <thread.h>

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
			       .refs = 1, /* its own: spaces are not destroyed yet */
			       .size = sizeof(*s),
			       .pool = &s->pool};
	s->map_lock = (struct spinlock)SPINLOCK_INIT;
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

bool space_translate(const struct space *s, uint32_t addr, unsigned int rights, paddr_t *pa)
{
	return space_arch_translate(s, addr, rights, pa);
}

/*
 * A space in memory object @arg, or NULL with *@err set. A space cannot be
 * destroyed yet, so it is built only once its handle has room, and a failed
 * one leaves nothing behind: no VMID, and the kernel objects it had begun
 * are wiped from the memory, which stays its owner's (the pool's own links
 * in it point only into it).
 */
struct space_args {
	struct memory *m;
	uint32_t spaces; /* the new space's own quota of spaces */
};

static struct kobj *make_space(void *arg, int *err)
{
	const struct space_args *a = arg;
	struct space *s = space_create((void *)(uintptr_t)a->m->base, a->m->size, err);

	if (!s)
		return NULL;
	s->spaces_left = a->spaces;
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
 * space takes a VMID (64 a core) and is never destroyed, so the caller's
 * own quota pays for the new one and for what it hands on: 1 + @spaces.
 */
int sys_space_create(struct thread *self, const uint32_t *args)
{
	struct space *own = self->space;
	struct space_args a = {.spaces = args[1]};
	int err = memory_take_for_kernel(self, args[0], &a.m);
	int h;

	if (err)
		return err;
	if (a.spaces > SPACE_QUOTA_MAX)
		return ERR_INVALID;
	if (!charge(own, a.spaces + 1))
		return ERR_NO_MEMORY;
	h = handle_install_new(&own->handles, make_space, &a, RIGHTS_ALL);
	if (h >= 0)
		a.m->donated = true;
	else
		atomic_fetch_add(&own->spaces_left, a.spaces + 1, __ATOMIC_RELAXED);
	return h;
}

/* (space) -> bytes of kernel memory not in live objects. */
int sys_kmem_available(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	int err = handle_lookup(&self->space->handles, args[0], KOBJ_SPACE, RIGHT_READ, &slot);

	if (err)
		return err;
	return (int)(kmem_available(&((struct space *)slot.obj)->pool) & 0x7fffffff);
}
