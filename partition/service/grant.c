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

/* Record a grant and carry it out in @c's space now; 0 or an error. */
static int grant(struct cell *c, struct cell_grant g)
{
	if (c->grant_count == SVC_GRANTS)
		return ERR_NO_MEMORY;
	c->grants[c->grant_count++] = g;
	return give(c, &g);
}

int cell_map(struct cell *c, handle_t mem, unsigned int addr, unsigned int rights)
{
	return grant(c, (struct cell_grant){
				.kind = GRANT_MAP, .h = mem, .addr = addr, .rights = rights});
}

int cell_give(struct cell *c, handle_t h, unsigned int rights, unsigned int *where)
{
	return grant(c, (struct cell_grant){
				.kind = GRANT_HANDLE, .h = h, .rights = rights, .where = where});
}

int cell_space_new(struct cell *c)
{
	int space = ERR_STATE;

	/* Until the last space's memory is back: a few doorbells after it went. */
	for (int ms = 0; space == ERR_STATE && ms < GONE_WAIT_MS; ms++) {
		space = sys_space_create(c->kmem, 0);
		if (space == ERR_STATE)
			sys_sleep(1000000);
	}
	if (space == ERR_STATE)
		return cell_error(c, space, "its kernel memory did not come back");
	if (space < 0)
		return cell_error(c, space, "its kernel-memory quota cannot hold a space");
	c->space = (handle_t)space;
	/* Its console lines are marked with its name (should this fail: "space N| "). */
	sys_console_tag(c->space, c->desc->name, strlen(c->desc->name));
	for (unsigned int i = 0; i < c->grant_count; i++) {
		int err = give(c, &c->grants[i]);

		if (err < 0)
			return cell_error(c, err,
					  "its new space cannot be given what the old one had");
	}
	return 0;
}

void cell_space_end(struct cell *c)
{
	if (c->space)
		sys_space_destroy(c->space);
	c->space = 0;
}
