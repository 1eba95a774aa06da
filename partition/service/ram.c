// SPDX-License-Identifier: MIT
/*
 * The service's memory: what the kernel gave the root task (free RAM, the
 * device windows) as a sorted list of unmapped pieces, each a memory object,
 * carved by splitting; and a window of its own address space where it maps
 * what it must write (cell regions, info pages).
 */
#include <cella/lib.h>
#include <cella/memory.h>

#include "service.h"

#define BLOCK	   0x200000u /* a stage-2 block: 2M */
#define MAX_PIECES 256	     /* free pieces; a cut beyond fails cleanly (ERR_NO_MEMORY) */
#define VIEW_BASE  (USER_BASE + 0x10000000u) /* the service's window onto cells' memory */
#define VIEW_END   USER_END

struct piece {
	handle_t mem;
	unsigned int base, size;
	int device; /* a device window: never handed out as RAM */
};

static struct piece pieces[MAX_PIECES];
static unsigned int piece_count;
static handle_t self_space;
static unsigned int view_next = VIEW_BASE;

/* Room is checked by the callers: boot pieces are few, split() checks. */
static void add_piece(handle_t mem, unsigned int base, unsigned int size, int device)
{
	unsigned int i = piece_count;

	for (; i > 0 && pieces[i - 1].base > base; i--)
		pieces[i] = pieces[i - 1];
	pieces[i] = (struct piece){mem, base, size, device};
	piece_count++;
}

static void remove_piece(unsigned int i)
{
	for (piece_count--; i < piece_count; i++)
		pieces[i] = pieces[i + 1];
}

void ram_init(const struct bootinfo *bi)
{
	self_space = bi->self_space;
	for (unsigned int i = 0; i < bi->memory_count; i++)
		add_piece(bi->memory[i].handle, bi->memory[i].base, bi->memory[i].size, 0);
	for (unsigned int i = 0; i < BOOTINFO_MAX_DEVICES; i++)
		add_piece(bi->devices[i].handle, bi->devices[i].base, bi->devices[i].size, 1);
}

/* Split piece @i at @offset: the upper part becomes a piece of its own. */
static int split(unsigned int i, unsigned int offset)
{
	if (piece_count == MAX_PIECES)
		return ERR_NO_MEMORY;
	int upper = sys_memory_split(pieces[i].mem, offset);

	if (upper < 0)
		return upper;
	struct piece p = pieces[i];

	pieces[i].size = offset;
	add_piece((handle_t)upper, p.base + offset, p.size - offset, p.device);
	return 0;
}

int ram_take(unsigned int base, unsigned int size)
{
	unsigned int i = 0;
	int err = 0;

	if (!size || base % PAGE_SIZE || size % PAGE_SIZE)
		return ERR_INVALID;
	while (i < piece_count &&
	       !(base >= pieces[i].base &&
		 (uint64_t)base + size <= (uint64_t)pieces[i].base + pieces[i].size))
		i++;
	if (i == piece_count)
		return ERR_NOT_FOUND;
	if (base > pieces[i].base) {
		err = split(i, base - pieces[i].base);
		i++; /* the upper part sorts right after */
	}
	if (!err && size < pieces[i].size)
		err = split(i, size);
	if (err)
		return err;
	handle_t mem = pieces[i].mem;

	remove_piece(i);
	return (int)mem;
}

int ram_alloc(unsigned int size)
{
	size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	for (unsigned int i = 0; i < piece_count; i++)
		if (pieces[i].size >= size && !pieces[i].device)
			return ram_take(pieces[i].base, size);
	return ERR_NO_MEMORY;
}

void *ram_view(handle_t mem, unsigned int size)
{
	/* Large views on a block boundary: block mappings, not a table per 2M. */
	unsigned int at = size < BLOCK ? view_next : (view_next + BLOCK - 1) & ~(BLOCK - 1);

	if (size > VIEW_END - at ||
	    sys_memory_map(self_space, mem, at, RIGHT_READ | RIGHT_WRITE) < 0)
		return NULL;
	view_next = at + ((size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
	return (void *)at;
}
