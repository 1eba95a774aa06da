// SPDX-License-Identifier: MIT
/* Kernel objects: allocation from a pool, reference counts, destruction by type. */
#include <atomic.h>
#include <cpu.h>
#include <kmem.h>
#include <endpoint.h>
#include <irq_object.h>
#include <kobj.h>
#include <notify.h>
#include <panic.h>
#include <space.h>
#include <thread.h>

static const char *const names[KOBJ_TYPES] = {
	[KOBJ_NONE] = "none",		[KOBJ_THREAD] = "thread",
	[KOBJ_SPACE] = "space",		[KOBJ_ENDPOINT] = "endpoint",
	[KOBJ_NOTIFY] = "notification", [KOBJ_MEMORY] = "memory",
	[KOBJ_IRQ] = "interrupt",	[KOBJ_IRQ_CONTROL] = "interrupt control",
};

/*
 * How each type is torn down before its memory goes back to the pool. A
 * type without one needs nothing undone. A destructor that returns false
 * keeps the memory: it calls kobj_free() itself once nothing in flight
 * can reach the object (a thread whose wait another core holds). A space
 * keeps its memory until its pool is empty too (space_reap.c).
 */
static bool (*const destructors[KOBJ_TYPES])(struct kobj *obj) = {
	[KOBJ_THREAD] = thread_destroy,	    [KOBJ_SPACE] = space_destroy,
	[KOBJ_ENDPOINT] = endpoint_destroy, [KOBJ_NOTIFY] = notify_destroy,
	[KOBJ_IRQ] = irq_object_destroy,
};

const char *kobj_name(enum kobj_type type)
{
	return (unsigned int)type < KOBJ_TYPES ? names[type] : "?";
}

void *kobj_alloc(struct kmem_pool *pool, enum kobj_type type, size_t size)
{
	struct kobj *obj = kmem_alloc(pool, size);

	if (!obj)
		return NULL;
	obj->type = type;
	obj->home = this_cpu()->id;
	obj->size = size;
	obj->pool = pool;
	space_pool_get(pool);
	return obj;
}

void kobj_get(struct kobj *obj)
{
	uint32_t old = atomic_fetch_add(&obj->refs, 1, __ATOMIC_RELAXED);

	BUG_ON(old == 0);
}

bool kobj_tryget(struct kobj *obj)
{
	uint32_t old = atomic_load(&obj->refs, __ATOMIC_RELAXED);

	do {
		if (old == 0)
			return false;
	} while (!atomic_cmpxchg(&obj->refs, &old, old + 1, true, __ATOMIC_RELAXED,
				 __ATOMIC_RELAXED));
	return true;
}

void kobj_put(struct kobj *obj)
{
	/* Release: our uses of the object come before its teardown. */
	uint32_t old = atomic_fetch_sub(&obj->refs, 1, __ATOMIC_ACQ_REL);

	BUG_ON(old == 0);
	if (old == 1)
		kobj_released(obj);
}

void kobj_released(struct kobj *obj)
{
	if (obj->home == this_cpu()->id)
		kobj_destroy(obj);
	else
		xcall_release(obj, obj->home);
}

/*
 * Teardown never recurses: destroying one object can drop the last
 * reference of another (a dying thread's fault endpoint, whose waiter's
 * fault endpoint...), and user level can chain that as far as its quota
 * goes. A destruction that starts while another runs on this core waits
 * in the core's queue (in the object's release node, free on its home);
 * the first one runs them all, in a loop.
 */
void kobj_destroy(struct kobj *obj)
{
	struct cpu *c = this_cpu();

	list_add_tail(&c->dead, &obj->release.link);
	if (c->destroying)
		return;
	c->destroying = true;
	while (!list_empty(&c->dead)) {
		struct kobj *o = list_entry(c->dead.next, struct kobj, release.link);

		list_remove(&o->release.link);
		if (!destructors[o->type] || destructors[o->type](o))
			kobj_free(o);
	}
	c->destroying = false;
}

void kobj_free(struct kobj *obj)
{
	struct kmem_pool *pool = obj->pool;

	kmem_free(pool, obj, obj->size);
	space_pool_put(pool); /* the last thing this core does with the pool */
}
