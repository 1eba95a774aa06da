// SPDX-License-Identifier: MIT
/*
 * What a cell may reach beyond itself: channels (shared memory mapped with
 * each side's rights, a notification doorbell each way) and devices (MMIO
 * windows and their interrupts as notifications). Each handle a cell gets
 * is copied into its space with the least rights it needs, and recorded in
 * its info page; it gets no other.
 */
#include <shared/string.h>

#include "service.h"
#include "stream.h"

static int make_notify(void *unused)
{
	return sys_notify_create();
}

/*
 * Channel @ch cannot be built: both its cells are broken, saying why (one
 * broken already keeps its own reason); returns @err.
 */
static int channel_error(struct service *svc, const struct celltable_channel *ch, int err,
			 const char *what)
{
	for (int side = 0; side < 2; side++) {
		struct cell *c = &svc->cells[ch->cell[side]];

		if (c->state == CELL_BROKEN)
			continue;
		cell_error(c, err, "channel %s: %s", ch->name, what);
		c->state = CELL_BROKEN;
	}
	return err;
}

/*
 * Doorbells: side N waits on bell[N], homed on its first core, and signals
 * the other; a VM side through its doorbell page and virtual interrupt.
 */
static int doorbells(struct service *svc, const struct celltable_channel *ch,
		     struct cellinfo_channel *ends[2], struct cell *cells[2])
{
	int bell[2], err = 0;

	for (int side = 0; side < 2; side++)
		bell[side] = on_core(svc->bi, cells[side]->info->cores[0], make_notify, NULL);
	if (bell[0] < 0 || bell[1] < 0)
		return channel_error(svc, ch, bell[0] < 0 ? bell[0] : bell[1],
				     "no kernel memory for its doorbells");
	for (int side = 0; side < 2 && !err; side++) {
		err = cell_give(cells[side], (handle_t)bell[side], RIGHT_RECV,
				&ends[side]->doorbell);
		if (!err)
			err = cell_give(cells[side], (handle_t)bell[!side], RIGHT_SEND,
					&ends[side]->peer_doorbell);
	}
	if (err)
		return channel_error(svc, ch, err, "its doorbells cannot be given");
	for (int side = 0; side < 2 && !err; side++)
		if (cells[side]->vm)
			err = vm_add_doorbell(cells[side], ch, (handle_t)bell[side],
					      (handle_t)bell[!side]);
	if (err)
		return channel_error(
			svc, ch, err,
			"a virtual-machine cell is in too many channels with doorbells");
	return 0;
}

static unsigned int map_rights(uint8_t rights)
{
	return RIGHT_READ | (rights & CELLTABLE_RIGHT_WRITE ? RIGHT_WRITE : 0);
}

/* The stream lanes the side writes and reads (celltable_lane()). */
static void lanes(const struct celltable_channel *ch, unsigned int side,
		  struct cellinfo_channel *end)
{
	uint64_t off, len;

	if (celltable_lane(ch->rights, ch->size, side, &off, &len)) {
		end->tx_offset = (unsigned int)off;
		end->tx_size = (unsigned int)len;
	}
	if (celltable_lane(ch->rights, ch->size, !side, &off, &len)) {
		end->rx_offset = (unsigned int)off;
		end->rx_size = (unsigned int)len;
	}
}

/* Map @ch into both its cells, with its doorbells; 0, or an error (channel_error()). */
static int channel_build(struct service *svc, const struct celltable_channel *ch)
{
	struct cell *cells[2] = {&svc->cells[ch->cell[0]], &svc->cells[ch->cell[1]]};
	struct cellinfo_channel *ends[2];
	int mem = ram_take((unsigned int)ch->base, (unsigned int)ch->size);

	if (mem < 0)
		return channel_error(svc, ch, mem, "its memory is not free RAM of this machine");
	svc->channel_view[ch - celltable_channel(svc->table, 0)] =
		ram_view((handle_t)mem, (unsigned int)ch->size);
	for (int side = 0; side < 2; side++) {
		struct cellinfo *ci = cells[side]->info;
		int err;

		if (cells[side]->state == CELL_BROKEN)
			continue;
		if (ci->channel_count == CELLINFO_CHANNELS)
			return channel_error(svc, ch, ERR_INVALID,
					     "a cell is in too many channels");
		ends[side] = &ci->channels[ci->channel_count++];
		memcpy(ends[side]->name, ch->name, CELLINFO_NAME);
		memcpy(ends[side]->peer, cells[!side]->desc->name, CELLINFO_NAME);
		ends[side]->addr = (unsigned int)ch->base + USER_PHYS_OFFSET;
		ends[side]->size = (unsigned int)ch->size;
		ends[side]->writable = !!(ch->rights[side] & CELLTABLE_RIGHT_WRITE);
		lanes(ch, (unsigned int)side, ends[side]);
		err = cell_map(cells[side], (handle_t)mem, ends[side]->addr,
			       map_rights(ch->rights[side]));
		if (err)
			return channel_error(svc, ch, err, "its memory cannot be mapped");
	}
	if (cells[0]->state == CELL_BROKEN || cells[1]->state == CELL_BROKEN)
		return 0; /* no doorbell to a cell that will never run */
	return ch->flags & CELLTABLE_CHANNEL_DOORBELL ? doorbells(svc, ch, ends, cells) : 0;
}

void channel_bytes(const struct service *svc, const struct cell *c, unsigned long long *in,
		   unsigned long long *out)
{
	const struct celltable_header *h = celltable_header(svc->table);
	uint64_t off, len;

	*in = *out = 0;
	for (unsigned int i = 0; i < h->channel_count; i++) {
		const struct celltable_channel *ch = celltable_channel(svc->table, i);
		const uint8_t *view = svc->channel_view[i];

		for (unsigned int side = 0; side < 2 && view; side++) {
			if (&svc->cells[ch->cell[side]] != c)
				continue;
			if (celltable_lane(ch->rights, ch->size, side, &off, &len))
				*out += stream_lane_bytes(view + off);
			if (celltable_lane(ch->rights, ch->size, !side, &off, &len))
				*in += stream_lane_bytes(view + off);
		}
	}
}

void channels_build(struct service *svc)
{
	const struct celltable_header *h = celltable_header(svc->table);

	for (unsigned int i = 0; i < h->channel_count; i++)
		channel_build(svc, celltable_channel(svc->table, i));
}

/* A device's interrupts, wired on the cell's core: its notification and interrupt objects. */
struct wiring {
	handle_t control;
	const struct celltable_device *dev;
	handle_t notify;
	handle_t irqs[CELLINFO_IRQS];
};

/* Interrupt i of the device sets bit i of one notification, all homed on this core. */
static int wire(void *arg)
{
	struct wiring *w = arg;
	int h = sys_notify_create();

	if (h < 0)
		return h;
	w->notify = (handle_t)h;
	for (unsigned int i = 0; i < w->dev->irq_count && i < CELLINFO_IRQS; i++) {
		h = sys_irq_create(w->control, w->dev->irqs[i]);
		if (h < 0)
			return h;
		w->irqs[i] = (handle_t)h;
		h = sys_irq_set_notify(w->irqs[i], w->notify, 1u << i);
		if (h < 0)
			return h;
	}
	return 0;
}

/* The cell may wait on the notification and acknowledge each interrupt. */
static int give_irqs(struct service *svc, struct cell *c, struct cellinfo_device *d,
		     const struct celltable_device *dev)
{
	struct wiring w = {.control = svc->bi->irq_control, .dev = dev};
	int err = on_core(svc->bi, c->info->cores[0], wire, &w);

	if (err < 0)
		return cell_error(c, err, "device %s: its interrupts cannot be claimed", dev->name);
	err = cell_give(c, w.notify, RIGHT_RECV, &d->notify);
	for (unsigned int i = 0; i < dev->irq_count && i < CELLINFO_IRQS && !err; i++) {
		d->irq_ids[i] = dev->irqs[i];
		/* Acknowledge only: a cell that could bind it would keep what it bound to. */
		err = cell_give(c, w.irqs[i], RIGHT_SEND, &d->irqs[d->irq_count++]);
	}
	if (err)
		return cell_error(c, err, "device %s: its interrupts cannot be given", dev->name);
	return 0;
}

static int device_build(struct service *svc, struct cell *c, const struct celltable_device *dev,
			struct cellinfo_device *d)
{
	int mem = ram_take((unsigned int)dev->base, (unsigned int)dev->size);
	int err = mem < 0 ? mem
			  : cell_map(c, (handle_t)mem, (unsigned int)dev->base + USER_PHYS_OFFSET,
				     RIGHT_READ | RIGHT_WRITE);

	if (err)
		return cell_error(c, err, "device %s: its window cannot be mapped", dev->name);
	memcpy(d->name, dev->name, CELLINFO_NAME);
	d->addr = (unsigned int)dev->base + USER_PHYS_OFFSET;
	d->size = (unsigned int)dev->size;
	return give_irqs(svc, c, d, dev);
}

int devices_build(struct service *svc, struct cell *c)
{
	int err = 0;

	if (c->desc->device_count > CELLINFO_DEVICES)
		return cell_error(c, ERR_INVALID, "more devices than a cell's info page lists");
	for (unsigned int i = 0; i < c->desc->device_count && !err; i++)
		err = device_build(svc, c, celltable_device(svc->table, c->desc->first_device + i),
				   &c->info->devices[c->info->device_count++]);
	return err;
}
