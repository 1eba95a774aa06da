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
#include <spinlock.h>
#include <types.h>

#include <arch/space.h>

#define SPACE_HANDLES 256 /* handle slots per space */

struct thread;
struct vm;

struct space {
	struct kobj obj;
	struct kmem_pool pool; /* this space's kernel memory */
	struct handle_table handles;
	struct spinlock map_lock; /* guards changes to the stage-2 tables */
	struct arch_space arch;	  /* stage-2 tables and VMID */
	struct vm *vm;		  /* its VCPUs, once it has one (vcpu.h); never freed */
	uint32_t spaces_left;	  /* spaces it may still create: each takes a VMID (atomic) */
	/* How its console lines are marked (console.h). */
	struct console_mark console;
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
 * @rights (RIGHT_READ/WRITE/EXEC). Errors as lpae_map().
 */
int space_map(struct space *s, uint32_t addr, paddr_t pa, uint32_t size, unsigned int rights);

/**
 * space_translate() - the physical address @addr reaches in @s if the
 * mapping allows @rights and is memory (never a device: the kernel touches
 * no device on a thread's behalf); false if not.
 */
bool space_translate(const struct space *s, uint32_t addr, unsigned int rights, paddr_t *pa);

/* System calls. */
int sys_space_create(struct thread *self, const uint32_t *args);
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
