/* SPDX-License-Identifier: MIT */
/*
 * A channel to another guest, as a hypervisor's device tree describes it
 * (compatible "cella,channel", docs/config.md): shared memory, a doorbell
 * page (a 32-bit write rings the peer with those bits, a 32-bit read takes
 * and clears the bits the peer rang) and the interrupt the peer's ring
 * raises. Only the lane this side writes is kept: the RTOS only writes.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <board/fdt.h>

#define CHANNEL_NAME_LEN 32 /* a channel's name: at most 31 characters */

struct channel {
	char name[CHANNEL_NAME_LEN]; /* the node's name without its unit address */
	uint64_t mem, bell;	     /* physical addresses; mem 0: no channel */
	uint32_t mem_size;
	uint32_t tx_off, tx_size; /* our lane ("cella,tx-lane") in the shared memory */
	unsigned irq;
};

/**
 * channel_probe() - the first channel of the tree whose name begins with
 * @prefix and that this side may write, with a doorbell, into @ch; false
 * (and @ch->mem 0) if there is none.
 */
bool channel_probe(const struct fdt *f, const char *prefix, struct channel *ch);

/** channel_map() - map @ch's shared memory and doorbell page; false if they cannot be. */
bool channel_map(const struct channel *ch);

/** channel_lane() - our lane of @ch, once mapped. */
void *channel_lane(const struct channel *ch);

/** channel_ring() - ring @ch's peer with @bits. */
void channel_ring(const struct channel *ch, uint32_t bits);

/** channel_take() - the bits @ch's peer rang since the last call (the read clears them). */
uint32_t channel_take(const struct channel *ch);
