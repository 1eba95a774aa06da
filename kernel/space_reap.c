// SPDX-License-Identifier: MIT
/*
 * The end of an address space, in two steps (struct space says what keeps
 * it).
 *
 * 1. Its last reference goes (space_destroy(), home core), or it is
 *    destroyed (SYS_SPACE_DESTROY): its handles close, and those of the
 *    spaces it made, which ends whatever only they kept. With its last
 *    reference its mappings go too: no thread runs in it any more, so no
 *    translation through it happens.
 * 2. Its pool is empty as well (live reaches 0, any core): its memory may
 *    go back to its owner, but not at once. Another core may be inside a
 *    system call that read a handle slot a moment before the handle was
 *    closed; it still reads the object's type and home (handle.h), which
 *    must not become a user's bytes under it. So the teardown first goes
 *    round every other online core as a cross-core request (XOP_REAP). A
 *    core takes requests only in its doorbell interrupt, which the kernel
 *    never takes inside a system call: when the request has been round,
 *    every call that began before has ended. On the way each core stops
 *    naming the space in its VTTBR. Back home, the space's TLB entries are
 *    flushed on every core, its VMID is freed, the memory objects it was
 *    given become usable again and its creator gets its quota back.
 *
 * Each step on the home core runs from a queue, so
 * that a space whose end empties its parent's pool does not nest the
 * parent's end inside its own: a chain of spaces ends in a loop.
 */
#include <atomic.h>
#include <cpu.h>
#include <kmem.h>
#include <memory_object.h>
#include <root.h>
#include <space.h>

static struct space *of_pool(struct kmem_pool *pool)
{
	return list_entry(pool, struct space, pool);
}

static void begin(struct space *s);

void space_pool_get(struct kmem_pool *pool)
{
	atomic_fetch_add(&of_pool(pool)->live, 1, __ATOMIC_RELAXED);
}

void space_pool_put(struct kmem_pool *pool)
{
	struct space *s = of_pool(pool);

	/* Release: what this core did with the pool comes before its end. */
	if (atomic_fetch_sub(&s->live, 1, __ATOMIC_ACQ_REL) == 1)
		begin(s);
}

/* Its mappings go: each memory object counts one fewer and loses the reference. */
static void unmap_all(struct space *s)
{
	for (;;) {
		struct space_mapping *rec = NULL;

		spin_lock(&s->map_lock);
		if (!list_empty(&s->mappings)) {
			rec = list_entry(s->mappings.next, struct space_mapping, link);
			list_remove(&rec->link);
		}
		spin_unlock(&s->map_lock);
		if (!rec)
			return;
		atomic_fetch_sub(&rec->m->mappings, 1, __ATOMIC_RELEASE);
		kobj_put(&rec->m->obj);
		kmem_free(&s->pool, rec, sizeof(*rec));
	}
}

/* Queue the children of @s not closed yet on @todo, each with a reference. */
static void queue_children(struct space *s, struct list *todo)
{
	struct list *pos;

	spin_lock(&s->map_lock);
	for (pos = s->children.next; pos != &s->children; pos = pos->next) {
		struct space *c = list_entry(pos, struct space, sibling);

		/* One that lost its last reference closes itself (space_destroy()). */
		if (!atomic_load(&c->closed, __ATOMIC_RELAXED) && kobj_tryget(&c->obj))
			list_add_tail(todo, &c->closing);
	}
	spin_unlock(&s->map_lock);
}

/* Close @s's table unless it is closed already, and queue its children. */
static void close_one(struct space *s, struct list *todo)
{
	if (atomic_exchange(&s->closed, true, __ATOMIC_ACQ_REL))
		return;
	handle_table_close(&s->handles, kobj_released);
	queue_children(s, todo);
}

/* Iterative: a tree of spaces as deep as quotas allow never deepens the stack. */
void space_close(struct space *s)
{
	struct list todo;

	list_init(&todo);
	close_one(s, &todo);
	while (!list_empty(&todo)) {
		struct space *next = list_entry(todo.next, struct space, closing);

		list_remove(&next->closing);
		close_one(next, &todo);
		kobj_put(&next->obj);
	}
}

bool space_destroy(struct kobj *obj)
{
	struct space *s = (struct space *)obj;

	space_close(s); /* its handles, and its children's */
	unmap_all(s);
	space_pool_put(&s->pool); /* the share of live its references held */
	return false;		  /* its memory is its pool's: step 2 returns it */
}

/* The core after @c on the way round from @home, skipping those not online; @home at the end. */
static cpuid_t next_stop(cpuid_t c, cpuid_t home)
{
	for (unsigned int i = 1; i < CONFIG_MAX_CPUS; i++) {
		cpuid_t n = (cpuid_t)((c + i) % CONFIG_MAX_CPUS);

		if (n == home)
			return home;
		if (cpu_state(n) == CPU_ONLINE)
			return n;
	}
	return home;
}

/* Everything of @s goes back; nothing in its memory is read after memory_reclaim(). */
static void finish(struct space *s)
{
	struct memory *given = s->given;
	struct space *parent = s->parent;
	uint32_t refund = 1 + atomic_load(&s->spaces_left, __ATOMIC_RELAXED);

	space_arch_forget(s);
	space_arch_release(s);
	kmem_forget(&s->pool);
	if (parent) {
		spin_lock(&parent->map_lock);
		list_remove(&s->sibling);
		spin_unlock(&parent->map_lock);
	}
	memory_reclaim(given);
	if (parent) {
		atomic_fetch_add(&parent->spaces_left, refund, __ATOMIC_RELAXED);
		space_pool_put(&parent->pool);
	}
}

/* Home core: set off round the cores, or finish once the round is back. */
static void step(struct space *s)
{
	cpuid_t home = s->obj.home, first;

	if (s->reap_round) {
		finish(s);
		return;
	}
	s->reap_round = true;
	space_arch_forget(s);
	first = next_stop(home, home);
	if (first == home) { /* no other core online: none to wait for */
		finish(s);
		return;
	}
	s->reap.op = XOP_REAP;
	xcall_send(first, &s->reap);
}

/* Run @s's next step here, after those already waiting: never nested. */
static void reap_queued(struct space *s)
{
	struct cpu *c = this_cpu();

	list_add_tail(&c->reap, &s->reap.link);
	if (c->reaping)
		return;
	c->reaping = true;
	while (!list_empty(&c->reap)) {
		struct space *next = list_entry(c->reap.next, struct space, reap.link);

		list_remove(&next->reap.link);
		step(next);
	}
	c->reaping = false;
}

/* Step 2 begins (any core): at the space's home. */
static void begin(struct space *s)
{
	if (s->obj.home == this_cpu()->id) {
		reap_queued(s);
		return;
	}
	s->reap.op = XOP_REAP;
	xcall_send(s->obj.home, &s->reap);
}

void space_reap(struct xreq *req)
{
	struct space *s = list_entry(req, struct space, reap);
	cpuid_t me = this_cpu()->id, home = s->obj.home;

	if (me == home) {
		reap_queued(s);
		return;
	}
	/* A stop on the way round: this core is between system calls now. */
	space_arch_forget(s);
	xcall_send(next_stop(me, home), req);
}
