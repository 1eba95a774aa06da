// SPDX-License-Identifier: MIT
/*
 * A channel from the device tree: which node, where its memory, doorbell
 * page and lane are, and the doorbell's two accesses. Nothing here knows
 * the protocol on the channel (app/telemetry.c speaks it).
 */
#include <string.h>

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <board/channel.h>

#define CHANNEL_COMPATIBLE "cella,channel"
#define REG_MEM		   0 /* reg entries: the shared memory, the doorbell page */
#define REG_BELL	   1

/* Is @node's name @prefix... (before its unit address)? Its name into @ch. */
static bool named(const struct fdt *f, int node, const char *prefix, struct channel *ch)
{
	const char *name = fdt_name(f, node);
	size_t n = 0;

	if (!name || strncmp(name, prefix, strlen(prefix)))
		return false;
	while (name[n] && name[n] != '@' && n < sizeof(ch->name) - 1)
		n++;
	memcpy(ch->name, name, n);
	ch->name[n] = 0;
	return true;
}

/* @node's lane, memory, doorbell and interrupt into @ch; false if one is missing or unsound. */
static bool describe(const struct fdt *f, int node, struct channel *ch)
{
	uint32_t len;
	uint64_t mem_size, bell_size;
	const void *lane = fdt_prop(f, node, "cella,tx-lane", &len);

	if (!lane || len != 8 || !fdt_reg(f, node, REG_MEM, &ch->mem, &mem_size) ||
	    !fdt_reg(f, node, REG_BELL, &ch->bell, &bell_size) || !fdt_irq(f, node, 0, &ch->irq))
		return false;
	ch->tx_off = fdt_u32(lane, 0);
	ch->tx_size = fdt_u32(lane, 1);
	ch->mem_size = (uint32_t)mem_size;
	return ch->mem && mem_size <= UINT32_MAX && ch->tx_size && bell_size >= 4 &&
	       (uint64_t)ch->tx_off + ch->tx_size <= mem_size;
}

bool channel_probe(const struct fdt *f, const char *prefix, struct channel *ch)
{
	for (int node = fdt_compatible(f, CHANNEL_COMPATIBLE); node >= 0;
	     node = fdt_compatible_next(f, CHANNEL_COMPATIBLE, node)) {
		*ch = (struct channel){0};
		if (named(f, node, prefix, ch) && describe(f, node, ch))
			return true;
	}
	*ch = (struct channel){0};
	return false;
}

bool channel_map(const struct channel *ch)
{
	return mmu_map_shared(ch->mem, ch->mem_size) && mmu_map_device(ch->bell);
}

void *channel_lane(const struct channel *ch)
{
	return (void *)(uintptr_t)(ch->mem + ch->tx_off);
}

void channel_ring(const struct channel *ch, uint32_t bits)
{
	mmio_write32((uintptr_t)ch->bell, bits);
}

uint32_t channel_take(const struct channel *ch)
{
	return mmio_read32((uintptr_t)ch->bell);
}
