/* SPDX-License-Identifier: MIT */
/*
 * Address spaces: what a thread can address (a stage-2 translation with
 * its own VMID), the handles it holds, and its kernel-memory pool, from
 * which the objects its threads create are allocated (its quota).
 */
#pragma once

#include <console.h>
#include <handle.h>
#include <kmem.h>
#include <kobj.h>
#include <list.h>
#include <spinlock.h>
#include <types.h>

#include <arch/space.h>

#define SPACE_HANDLES 256 /* handle slots per space */

struct memory;
struct thread;
struct vm;

/*
 * A space lives while anything references it: handles to it, and its
 * threads. Its kernel memory lives while anything was made from it: the
 * objects in its pool and the spaces it created. Its end therefore has two
 * steps (space_reap.c): when the last reference goes, its handles are
 * closed and its mappings dropped; when its pool is empty too, and every
 * core has been outside the kernel since, its VMID and memory go back.
 */
struct space {
	struct kobj obj;
	struct kmem_pool pool; /* this space's kernel memory */
	struct handle_table handles;
	struct spinlock map_lock; /* guards the stage-2 tables, mappings and given */
	struct arch_space arch;	  /* stage-2 tables and VMID */
	struct vm *vm;		  /* its VCPUs, once it has one (vcpu.h); in its pool */
	struct list mappings;	  /* struct space_mapping: the memory objects it maps */
	struct memory *given;	  /* memory objects donated to its pool (memory.given_next) */
	struct space *parent;	  /* whose quota of spaces it took (NULL: the root space) */
	struct list children;	  /* the spaces it made that have not gone (sibling; map_lock) */
	struct list sibling;	  /* in parent->children */
	struct list closing;	  /* in a space_close() work list */
	bool closed;		  /* its handles are closed for good (atomic) */
	uint32_t spaces_left;	  /* spaces it may still create: each takes a VMID (atomic) */
	/*
	 * What keeps its pool: objects in it, spaces it made, and 1 while the
	 * space itself is referenced (atomic; space_pool_get/put).
	 */
	uint32_t live;
	bool reap_round;  /* its teardown's visit of the cores has begun (home core) */
	struct xreq reap; /* XOP_REAP: the teardown going round the cores */
	/* How its console lines are marked (console.h). */
	struct console_mark console;
};

/* A memory object mapped into a space (once, however often): dropped when the space goes. */
struct space_mapping {
	struct list link; /* in space.mappings */
	struct memory *m; /* holds a reference and counts in m->mappings */
};

/* The most spaces one SYS_SPACE_CREATE may let the new space create in turn. */
#define SPACE_QUOTA_MAX 0xffffu

/**
 * space_create() - a new space whose object, handle table and tables come
 * from [@base, @base + @size) (page-aligned RAM the caller gives up); the
 * rest becomes the space's kernel-memory pool. NULL with @err set on failure.
 */
struct space *space_create(void *base, size_t size, int *err);

/* With the rights of space_map(): map as Device memory (never executable). */
#define SPACE_MAP_DEVICE (1u << 16)

/**
 * space_map() - make [@addr, @addr + @size) of @s reach physical @pa with
 * @rights (RIGHT_READ/WRITE/EXEC). Errors as lpae_map(). For the kernel's
 * own mappings of the root space, which never goes; user level maps memory
 * objects with space_map_memory().
 */
int space_map(struct space *s, uint32_t addr, paddr_t pa, uint32_t size, unsigned int rights);

/**
 * space_map_memory() - map all of @m at @addr of @s, recording (once per
 * memory object) that @s maps it, so that @s's end drops it. ERR_NO_MEMORY
 * if @s's pool has no room for a first record; otherwise as space_map(): on
 * any error but ERR_INVALID part of it may be mapped, and it counts as mapped.
 */
int space_map_memory(struct space *s, uint32_t addr, struct memory *m, unsigned int rights);

/**
 * space_close() - close @s's handle table for good, and those of the spaces
 * it made, and theirs: a destroyed space takes its children with it.
 */
void space_close(struct space *s);

/** space_pool_get() - one more thing that keeps @pool's space's memory. */
void space_pool_get(struct kmem_pool *pool);

/** space_pool_put() - one less; the last starts the space's final teardown. */
void space_pool_put(struct kmem_pool *pool);

/**
 * space_destroy() - destructor: the space's last reference is gone (home
 * core). Its handles close and its mappings go; its memory follows once
 * nothing is left in its pool. Always false: the space lives in its pool.
 */
bool space_destroy(struct kobj *obj);

/** space_reap() - XOP_REAP: the final teardown's next step on this core. */
void space_reap(struct xreq *req);

/**
 * space_translate() - the physical address @addr reaches in @s if the
 * mapping allows @rights and is memory (never a device: the kernel touches
 * no device on a thread's behalf); false if not.
 */
bool space_translate(const struct space *s, uint32_t addr, unsigned int rights, paddr_t *pa);

/* System calls. */
int sys_space_create(struct thread *self, const uint32_t *args);
int sys_space_destroy(struct thread *self, const uint32_t *args);
int sys_kmem_available(struct thread *self, const uint32_t *args);

/* Must be implemented by the architecture: */

/** space_arch_init() - empty stage-2 tables from @s's pool, and a VMID. */
int space_arch_init(struct space *s);

/** space_arch_undo() - give back what a failed space_arch_init() took, and wipe its tables. */
void space_arch_undo(struct space *s);

/** space_arch_map() - stage-2 mapping; errors as lpae_map(). */
int space_arch_map(struct space *s, uint32_t addr, paddr_t pa, uint32_t size, unsigned int rights);

/** space_arch_translate() - see space_translate(). */
bool space_arch_translate(const struct space *s, uint32_t addr, unsigned int rights, paddr_t *pa);

/** space_arch_activate() - make @s the address space of lower levels on this core. */
void space_arch_activate(const struct space *s);

/**
 * space_arch_forget() - no lower-level translation of this core may use @s
 * from now on, even speculatively: it is going (every core, on the way round).
 */
void space_arch_forget(const struct space *s);

/** space_arch_release() - @s is gone: no TLB entry of it stays anywhere; its VMID is free. */
void space_arch_release(struct space *s);

/** space_arch_vmids() - how many VMIDs core @c has given out. */
uint32_t space_arch_vmids(cpuid_t c);
