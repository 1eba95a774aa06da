/* SPDX-License-Identifier: MIT */
/*
 * Memory objects: a page-aligned range of physical RAM. A handle to one is
 * what lets a thread map that RAM into an address space (with at most the
 * handle's read/write/execute rights) or donate it to a space as kernel
 * memory. The root task starts with memory objects for all free RAM and
 * splits them as it hands memory out.
 */
#pragma once

#include <kobj.h>
#include <types.h>

struct space;
struct thread;

struct memory {
	struct kobj obj;
	paddr_t base;
	uint32_t size;
	/*
	 * Mappings made from it (each keeps a reference), and whether it is a
	 * space's kernel memory. Set on its home core; cleared by the space's
	 * home when that space goes (atomic, release: the space is done with it).
	 */
	uint32_t mappings;
	bool donated;
	bool device;		   /* device registers: mapped as Device memory, never donated */
	struct memory *given_next; /* the next memory given to the same space (space.given) */
};

/** memory_create() - a memory object for [@base, @base + @size), from @pool. */
struct memory *memory_create(struct kmem_pool *pool, paddr_t base, uint32_t size);

/**
 * memory_take_for_kernel() - look up @h in @self's space as memory that
 * may become kernel memory (rights map and manage; not donated, mapped or
 * device memory). Forwards the call to the memory's home core if it is
 * homed elsewhere (SYSCALL_BLOCKED). Errors: those of handle_lookup(),
 * ERR_STATE.
 */
int memory_take_for_kernel(struct thread *self, uint32_t h, struct memory **m);

/**
 * memory_reclaim() - the space that @given (and the rest of its list) was
 * donated to is gone: each is usable again, and loses the space's reference.
 */
void memory_reclaim(struct memory *given);

/* System calls (arguments and errors: docs/syscalls.md). */
int sys_memory_split(struct thread *self, const uint32_t *args);
int sys_memory_map(struct thread *self, const uint32_t *args);
int sys_kmem_donate(struct thread *self, const uint32_t *args);
