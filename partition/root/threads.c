// SPDX-License-Identifier: MIT
/*
 * What the root task's suites and benchmarks start threads with: stacks
 * in the image's BSS, reused in turn, and memory carved from the free RAM.
 */
#include <cella/lib.h>

#include "root.h"

#define STACK_WORDS 1024
#define THREADS	    16 /* stacks, reused in turn: keep fewer threads alive */

static handle_t free_ram; /* what is left of the free RAM, 0 until first carved */
static unsigned int stacks[THREADS][STACK_WORDS] __attribute__((aligned(8)));
static int next_stack;

handle_t carve(unsigned int size)
{
	if (!free_ram)
		free_ram = boot_info->memory[0].handle;
	handle_t piece = free_ram;

	free_ram = (handle_t)sys_memory_split(piece, size);
	return piece;
}

int start(handle_t t, void (*entry)(unsigned int), unsigned int arg)
{
	return sys_thread_start(t, entry, &stacks[next_stack++ % THREADS][STACK_WORDS], arg);
}

/* A started thread in the root space on @core; its handle or an error. */
static int spawn_at(unsigned int core, void (*entry)(unsigned int), unsigned int prio,
		    unsigned int max_prio, unsigned int arg)
{
	int t = sys_thread_create(boot_info->self_space, core, prio, max_prio);

	if (t < 0)
		return t;
	int err = start((handle_t)t, entry, arg);

	return err < 0 ? err : t;
}

int spawn_on(unsigned int core, void (*entry)(unsigned int), unsigned int prio, unsigned int arg)
{
	return spawn_at(core, entry, prio, prio, arg);
}

int spawn(void (*entry)(unsigned int), unsigned int prio, unsigned int max_prio, unsigned int arg)
{
	return spawn_at(0, entry, prio, max_prio, arg);
}
