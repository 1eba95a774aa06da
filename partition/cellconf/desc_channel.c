// SPDX-License-Identifier: MIT
/* Channels of a system description: two cells, shared memory, rights, doorbell. */
#include <stdio.h>
#include <string.h>

#include "desc.h"

static const char *const channel_keys[] = {"name",   "between",	 "size", "base",
					   "access", "doorbell", NULL};
static const char *const channel_required[] = {"name", "between", "size", "access", NULL};
static const char *const rights[] = {"ro", "rw", NULL};

static int find_cell(const struct system *s, const char *name)
{
	for (unsigned int i = 0; i < s->ncells; i++)
		if (!strcmp(s->cells[i].name, name))
			return (int)i;
	return -1;
}

static void cell_names(const struct system *s, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < s->ncells && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? ", " : "", s->cells[i].name);
}

static int read_end(struct reader *r, const struct system *s, const struct ynode *n)
{
	char valid[400];
	int cell;

	if (value_scalar(r, n, "a cell in between"))
		return -1;
	cell = find_cell(s, n->value);
	if (cell < 0) {
		cell_names(s, valid, sizeof(valid));
		value_error(r, n, "unknown cell '%s' in between; valid: %s", n->value, valid);
	}
	return cell;
}

static int read_between(struct reader *r, const struct system *s, struct model_channel *ch,
			const struct ynode *n)
{
	int a, b;

	if (value_kind(r, n, YNODE_SEQ, "between (a list of two cells)"))
		return -1;
	if (n->count != 2) {
		value_error(
			r, n,
			"between lists %zu cells; valid: exactly two, e.g. [producer, consumer]",
			n->count);
		return -1;
	}
	a = read_end(r, s, n->items[0]);
	b = read_end(r, s, n->items[1]);
	if (a < 0 || b < 0)
		return -1;
	if (a == b) {
		value_error(r, n->items[1],
			    "channel '%s' is between '%s' and itself; valid: two different cells",
			    ch->name, n->items[1]->value);
		return -1;
	}
	ch->cell[0] = (unsigned int)a;
	ch->cell[1] = (unsigned int)b;
	return 0;
}

/* access: {CELL: ro|rw, CELL: ro|rw} naming exactly the two cells. */
static int read_access(struct reader *r, const struct system *s, struct model_channel *ch,
		       const struct ynode *n)
{
	const char *const ends[] = {s->cells[ch->cell[0]].name, s->cells[ch->cell[1]].name, NULL};
	int bad = 0;

	if (value_kind(r, n, YNODE_MAP, "access (e.g. {producer: rw, consumer: ro})") ||
	    value_keys(r, n, "access", ends, ends))
		return -1;
	for (int side = 0; side < 2; side++) {
		int i = value_choice(r, ytree_get(n, ends[side]), "access", rights);

		if (i < 0)
			bad = 1;
		else
			ch->rights[side] = CELLTABLE_RIGHT_READ | (i ? CELLTABLE_RIGHT_WRITE : 0);
	}
	if (!bad && !((ch->rights[0] | ch->rights[1]) & CELLTABLE_RIGHT_WRITE)) {
		value_error(r, n,
			    "both sides of channel '%s' are read-only; valid: at least one side rw",
			    ch->name);
		bad = 1;
	}
	return bad ? -1 : 0;
}

static int read_name(struct reader *r, const struct system *s, struct model_channel *ch,
		     const struct ynode *n)
{
	if (value_name(r, n, "channel name"))
		return -1;
	for (unsigned int i = 0; i < s->nchannels; i++)
		if (!strcmp(s->channels[i].name, n->value)) {
			value_error(r, n, "duplicate channel '%s' (first at line %u)", n->value,
				    s->channels[i].mark.line);
			return -1;
		}
	snprintf(ch->name, sizeof(ch->name), "%s", n->value);
	ch->mark = n->mark;
	return 0;
}

static int read_memory(struct reader *r, struct model_channel *ch, const struct ynode *n)
{
	const struct ynode *base = ytree_get(n, "base");

	ch->mem.mark = ytree_get(n, "size")->mark;
	ch->mem.open = !base;
	if (value_size(r, ytree_get(n, "size"), "channel size", &ch->mem.size))
		return -1;
	if (base) {
		ch->mem.mark = base->mark;
		return value_address(r, base, "channel base", &ch->mem.base);
	}
	return 0;
}

static int platform_irq(const struct platform *p, unsigned int id)
{
	for (unsigned int i = 0; i < p->ndevices; i++)
		for (unsigned int j = 0; j < p->devices[i].nirqs; j++)
			if (p->devices[i].irqs[j] == id)
				return 1;
	return 0;
}

/* The next free virtual interrupt below those of earlier channels; 0 if none is left. */
static uint16_t next_virq(const struct system *s, unsigned int channel)
{
	unsigned int id = CELLTABLE_VIRQ_MAX + 1u;

	for (unsigned int i = 0; i < channel; i++)
		if (s->channels[i].virq && s->channels[i].virq < id)
			id = s->channels[i].virq;
	while (--id >= CELLTABLE_VIRQ_MIN)
		if (!platform_irq(&s->platform, id))
			return (uint16_t)id;
	return 0;
}

/*
 * A doorbell into a VM side: the page at the platform's doorbell window,
 * one per channel in file order, and a virtual SPI counting down from
 * CELLTABLE_VIRQ_MAX that no platform device uses. The same for both sides.
 */
static int place_doorbell(struct reader *r, struct system *s, unsigned int i,
			  const struct ynode *doorbell)
{
	struct model_channel *ch = &s->channels[i];

	if (!ch->doorbell || (s->cells[ch->cell[0]].kind != CELLTABLE_KIND_VM &&
			      s->cells[ch->cell[1]].kind != CELLTABLE_KIND_VM))
		return 0;
	if (!s->platform.doorbells) {
		value_error(r, doorbell,
			    "doorbell of channel '%s' into a vm cell, but platform '%s' has no "
			    "doorbells window; valid: doorbell: false, or a platform with one",
			    ch->name, s->platform.name);
		return -1;
	}
	ch->doorbell_page = (uint32_t)(s->platform.doorbells + i * (uint64_t)CELLTABLE_PAGE);
	ch->virq = next_virq(s, i);
	if (!ch->virq) {
		value_error(r, doorbell,
			    "doorbell of channel '%s': no virtual interrupt is left (%d to %d, "
			    "less the platform's devices'); valid: fewer doorbells into vm cells",
			    ch->name, CELLTABLE_VIRQ_MIN, CELLTABLE_VIRQ_MAX);
		return -1;
	}
	return 0;
}

static int read_channel(struct reader *r, struct system *s, const struct ynode *n)
{
	struct model_channel *ch = &s->channels[s->nchannels];
	const struct ynode *doorbell;
	int bad;

	const struct ynode *name = ytree_get(n, "name");
	char what[64];

	snprintf(what, sizeof(what), "channel '%s'",
		 name && name->kind == YNODE_SCALAR ? name->value : "");
	if (value_kind(r, n, YNODE_MAP, "a channel") ||
	    value_keys(r, n, name ? what : "a channel", channel_keys, channel_required) ||
	    read_name(r, s, ch, name))
		return -1;
	s->nchannels++;
	bad = read_memory(r, ch, n) < 0;
	if (read_between(r, s, ch, ytree_get(n, "between")) < 0)
		return -1;
	bad |= read_access(r, s, ch, ytree_get(n, "access")) < 0;
	doorbell = ytree_get(n, "doorbell");
	if (doorbell)
		bad |= value_bool(r, doorbell, "doorbell", &ch->doorbell) < 0;
	if (!bad)
		bad |= place_doorbell(r, s, s->nchannels - 1, doorbell) < 0;
	return bad ? -1 : 0;
}

int desc_read_channels(struct reader *r, struct system *s, const struct ynode *n)
{
	int bad = 0;

	if (value_kind(r, n, YNODE_SEQ, "channels (a list of channels)"))
		return -1;
	for (size_t i = 0; i < n->count; i++) {
		if (s->nchannels == CELLTABLE_MAX_CHANNELS) {
			value_error(r, n->items[i], "more than %d channels",
				    CELLTABLE_MAX_CHANNELS);
			return -1;
		}
		bad |= read_channel(r, s, n->items[i]) < 0;
	}
	return bad ? -1 : 0;
}
