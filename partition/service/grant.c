// SPDX-License-Identifier: MIT
/*
 * What a cell's space holds from the service: memory mapped into it and
 * handles copied into it. Each grant is recorded as the cell is built, so
 * that every start can give a fresh space the same. A stopped cell's space
 * is destroyed, and with it everything the cell made; its kernel memory,
 * VMID and mappings come back, and the next start builds a new space from
 * the same memory object. Nothing a run made survives into the next.
 */
#include <cella/lib.h>

#include <shared/string.h>

#include "service.h"

#define GONE_WAIT_MS 1000 /* the kernel frees a space's memory a few doorbells after it goes */

static const char *record(struct cell *c, enum grant_kind kind, handle_t h, unsigned int addr,
			  unsigned int rights, unsigned int *where)
{
	if (c->grant_count == SVC_GRANTS)
		return "more memory and handles than the service records for a cell";
	c->grants[c->grant_count++] = (struct cell_grant){
		.kind = kind, .h = h, .addr = addr, .rights = rights, .where = where};
	return NULL;
}

/* Carry out grant @g in @c's space; 0 or an error. */
static int give(struct cell *c, const struct cell_grant *g)
{
	int copy;

	if (g->kind == GRANT_MAP)
		return sys_memory_map(c->space, g->h, g->addr, g->rights);
	copy = sys_handle_copy(g->h, c->space, g->rights, 0);
	if (copy < 0)
		return copy;
	*g->where = (unsigned int)copy;
	return 0;
}

const char *cell_map(struct cell *c, handle_t mem, unsigned int addr, unsigned int rights)
{
	const char *why = record(c, GRANT_MAP, mem, addr, rights, NULL);

	if (why)
		return why;
	return give(c, &c->grants[c->grant_count - 1]) < 0 ? "its memory cannot be mapped" : NULL;
}

const char *cell_give(struct cell *c, handle_t h, unsigned int rights, unsigned int *where)
{
	const char *why = record(c, GRANT_HANDLE, h, 0, rights, where);

	if (why)
		return why;
	return give(c, &c->grants[c->grant_count - 1]) < 0 ? "a cell's handle table is full" : NULL;
}

const char *cell_space_new(struct cell *c)
{
	int space = ERR_STATE;

	/* Until the last space's memory is back: a few doorbells after it went. */
	for (int ms = 0; space == ERR_STATE && ms < GONE_WAIT_MS; ms++) {
		space = sys_space_create(c->kmem, 0);
		if (space == ERR_STATE)
			sys_sleep(1000000);
	}
	if (space == ERR_STATE)
		return "its kernel memory did not come back";
	if (space < 0)
		return "its kernel-memory quota cannot hold a space";
	c->space = (handle_t)space;
	/* Its console lines are marked with its name (should this fail: "space N| "). */
	sys_console_tag(c->space, c->desc->name, strlen(c->desc->name));
	for (unsigned int i = 0; i < c->grant_count; i++)
		if (give(c, &c->grants[i]) < 0)
			return "its new space cannot be given what the old one had";
	return NULL;
}

void cell_space_end(struct cell *c)
{
	if (c->space)
		sys_space_destroy(c->space);
	c->space = 0;
}
