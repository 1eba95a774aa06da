// SPDX-License-Identifier: MIT
/*
 * Cells: building one from its table record (space, kernel-memory quota,
 * regions, info page, image), starting its threads pinned to its cores,
 * stopping it, and what happens when one of its threads faults.
 */
#include <cella/lib.h>
#include <cella/time.h>
#include <cella/memory.h>

#include <shared/string.h>

#include "service.h"

#define BADGE(cell, thread) (1u + (cell)*CELLINFO_THREADS + (thread))
#define BADGE_CELL(b)	    (((b)-1u) / CELLINFO_THREADS)
#define BADGE_THREAD(b)	    (((b)-1u) % CELLINFO_THREADS)

const char *cell_state_name(enum cell_state s)
{
	static const char *const names[] = {"broken", "stopped", "running"};

	return names[s];
}

int cell_error(struct cell *c, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(c->why))
		format(c->why + n, sizeof(c->why) - (size_t)n, " (%s)", err_name(err));
	return err;
}

struct cell *cell_find(struct service *svc, const char *name)
{
	for (unsigned int i = 0; i < svc->cell_count; i++)
		if (strcmp(svc->cells[i].desc->name, name) == 0)
			return &svc->cells[i];
	return NULL;
}

/* Regions, one after another from CELL_IMAGE_ADDR, and the service's view of them. */
static int map_regions(struct service *svc, struct cell *c)
{
	unsigned int at = CELL_IMAGE_ADDR;

	for (unsigned int i = 0; i < c->desc->region_count; i++) {
		const struct celltable_region *r =
			celltable_region(svc->table, c->desc->first_region + i);
		int mem = ram_take((unsigned int)r->base, (unsigned int)r->size);
		uint8_t *view = mem < 0 ? NULL : ram_view((handle_t)mem, (unsigned int)r->size);
		int err;

		if (mem < 0)
			return cell_error(c, mem,
					  "its memory at 0x%08x is not free RAM of this machine",
					  (unsigned int)r->base);
		if (!view)
			return cell_error(c, ERR_NO_MEMORY, "the service has no room to load it");
		if (i == 0)
			c->memory = view;
		err = cell_map(c, (handle_t)mem, at, RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC);
		if (err)
			return cell_error(c, err, "its memory cannot be mapped at 0x%08x", at);
		at += (unsigned int)r->size;
	}
	c->info->memory_size = at - CELL_IMAGE_ADDR;
	return 0;
}

/* The read-only page that tells the cell what it holds. */
static int map_info(struct cell *c)
{
	int mem = ram_alloc(PAGE_SIZE);
	int err = mem < 0 ? mem : ERR_NO_MEMORY;

	c->info = mem < 0 ? NULL : ram_view((handle_t)mem, PAGE_SIZE);
	if (c->info)
		err = cell_map(c, (handle_t)mem, CELLINFO_ADDR, RIGHT_READ);
	if (err)
		return cell_error(c, err, "no memory for its info page");
	c->info->magic = CELLINFO_MAGIC;
	memcpy(c->info->name, c->desc->name, CELLINFO_NAME);
	c->info->prio_lo = c->desc->prio_lo;
	c->info->prio_hi = c->desc->prio_hi;
	return 0;
}

/* One thread per core of the cell, each needing its core online. */
static int check_cores(struct service *svc, struct cell *c)
{
	unsigned int n = 0;

	for (unsigned int core = 0; core < 64; core++) {
		if (!(c->desc->cores >> core & 1))
			continue;
		if (core >= svc->bi->cores)
			return cell_error(c, ERR_INVALID, "core %u is not online", core);
		if (n == CELLINFO_THREADS)
			return cell_error(c, ERR_INVALID,
					  "more cores than the service runs threads for");
		c->info->cores[n++] = core;
	}
	c->info->thread_count = n;
	return 0;
}

static int check_image(struct service *svc, struct cell *c)
{
	unsigned int stacks = c->info->thread_count * CELL_STACK_SIZE;

	c->image = pack_find(c->desc->image, &c->image_size);
	if (!c->image)
		return cell_error(c, ERR_NOT_FOUND, "its image is not in the boot image");
	if (c->info->memory_size <= stacks)
		return cell_error(c, ERR_NO_MEMORY, "its memory is too small for its stacks");
	return elf_check(c, c->info->memory_size - stacks);
}

int cell_build(struct service *svc, struct cell *c)
{
	int err = ram_alloc(c->desc->kmem_quota);

	if (err < 0)
		return cell_error(c, err, "no memory for its kernel-memory quota");
	c->kmem = (handle_t)err;
	if ((err = cell_space_new(c)) || (err = map_info(c)) || (err = check_cores(svc, c)))
		return err;
	if (c->desc->kind == CELLTABLE_KIND_VM)
		return vm_build(svc, c);
	if ((err = map_regions(svc, c)) || (err = check_image(svc, c)))
		return err;
	return devices_build(svc, c);
}

/* A thread on @c's @i-th core, its faults sent to the service with its badge. */
static int start_thread(struct service *svc, struct cell *c, unsigned int i, unsigned int entry)
{
	const struct cellinfo *ci = c->info;
	int t = sys_thread_create(c->space, ci->cores[i], ci->prio_lo, ci->prio_hi);
	int ep =
		sys_handle_copy(svc->fault_ep, svc->bi->self_space, RIGHT_SEND, BADGE(c->index, i));
	unsigned int sp = CELL_IMAGE_ADDR + ci->memory_size - i * CELL_STACK_SIZE;
	int err = t < 0 ? t : ep;

	if (err >= 0)
		err = sys_thread_set_fault_handler((handle_t)t, (handle_t)ep);
	if (ep > 0)
		sys_handle_close((handle_t)ep); /* the thread keeps the endpoint */
	if (err >= 0)
		err = sys_thread_start((handle_t)t, (void (*)(unsigned int))entry, (void *)sp, i);
	if (t > 0)
		c->threads[i] = (handle_t)t;
	if (err < 0)
		return cell_error(c, err, "its thread on core %u cannot start", ci->cores[i]);
	return 0;
}

static int native_start(struct service *svc, struct cell *c)
{
	unsigned int stacks = c->info->thread_count * CELL_STACK_SIZE;
	unsigned int entry = elf_load(c->image, c->memory, c->info->memory_size - stacks);
	int err = 0;

	for (unsigned int i = 0; i < c->info->thread_count && !err; i++)
		err = start_thread(svc, c, i, entry);
	return err;
}

int cell_start(struct service *svc, struct cell *c)
{
	int err = c->space ? 0 : cell_space_new(c);

	if (err) {
		printf("cell %s: cannot start: %s\n", c->desc->name, c->why);
		cell_space_end(c);
		return err;
	}
	c->info->run++;
	c->started = counter_now();
	err = c->vm ? vm_start(svc, c) : native_start(svc, c);
	c->state = CELL_RUNNING;
	if (err) {
		printf("cell %s: cannot start: %s\n", c->desc->name, c->why);
		cell_stop(c);
	}
	return err;
}

void cell_stop(struct cell *c)
{
	if (c->vm)
		vm_stop(c);
	/* Suspend all first: none runs on while its siblings go. */
	for (unsigned int i = 0; i < c->info->thread_count; i++)
		if (c->threads[i])
			sys_thread_suspend(c->threads[i]);
	for (unsigned int i = 0; i < c->info->thread_count; i++) {
		if (c->threads[i])
			sys_handle_close(c->threads[i]);
		c->threads[i] = 0;
	}
	cell_space_end(c); /* with everything the run made */
	c->state = CELL_STOPPED;
}

static const char *fault_name(unsigned int kind)
{
	static const char *const names[] = {"fault", "data abort", "prefetch abort",
					    "undefined instruction", "unknown system call"};

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : names[0];
}

enum fault_action { FAULT_ACTION_STOP, FAULT_ACTION_RESTART, FAULT_ACTION_GIVE_UP };

static const char *const action_text[] = {
	[FAULT_ACTION_STOP] = "stopping it",
	[FAULT_ACTION_RESTART] = "restarting it",
	[FAULT_ACTION_GIVE_UP] = "stopping it: it faulted right after each of its last starts",
};

/* Restart as described, unless it keeps faulting at once (restarting would only spin). */
static enum fault_action fault_action(struct cell *c)
{
	unsigned long long quick = (unsigned long long)counter_frequency() * SVC_QUICK_MS / 1000;

	c->quick_faults = counter_now() - c->started < quick ? c->quick_faults + 1 : 0;
	if (c->desc->on_fault != CELLTABLE_ON_FAULT_RESTART)
		return FAULT_ACTION_STOP;
	return c->quick_faults >= SVC_QUICK_MAX ? FAULT_ACTION_GIVE_UP : FAULT_ACTION_RESTART;
}

int cell_restart(struct service *svc, struct cell *c)
{
	int err;

	cell_stop(c);
	err = cell_start(svc, c);
	if (!err)
		c->restarts++;
	return err;
}

static void act(struct service *svc, struct cell *c, enum fault_action action)
{
	if (action == FAULT_ACTION_RESTART)
		cell_restart(svc, c);
	else
		cell_stop(c);
}

void cell_fault(struct service *svc, const struct msg *m)
{
	unsigned int ci = BADGE_CELL(m->badge), ti = BADGE_THREAD(m->badge);
	struct msg reply = {.info = IPC_INFO(0, 1), .fault_reply = {.action = FAULT_STOP}};

	sys_reply(&reply); /* the thread stops; the cell goes below */
	if (m->badge == 0 || ci >= svc->cell_count || IPC_LABEL(m->info) != FAULT_LABEL)
		return;
	struct cell *c = &svc->cells[ci];
	enum fault_action action = fault_action(c);

	c->faults++;
	printf("cell %s: thread %u on core %u: %s at 0x%08x (pc 0x%08x, syndrome 0x%08x); %s "
	       "(fault %u)\n",
	       c->desc->name, ti, c->info->cores[ti], fault_name(m->fault.kind), m->fault.addr,
	       m->fault.pc, m->fault.syndrome, action_text[action], c->faults);
	act(svc, c, action);
}

void cell_failed(struct service *svc, struct cell *c, const char *what)
{
	enum fault_action action = fault_action(c);

	c->faults++;
	printf("cell %s: %s; %s (fault %u)\n", c->desc->name, what, action_text[action], c->faults);
	act(svc, c, action);
}
