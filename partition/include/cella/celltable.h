/* SPDX-License-Identifier: MIT */
/*
 * The cell table: the binary form of a system description that cellconf
 * emits on the host and the partition service reads at boot. Plain C with
 * fixed-width types only, so that both sides include it unchanged. Every
 * field is little-endian and naturally aligned; docs/config.md describes the
 * layout and the meaning of each field.
 */
#pragma once

#include <stdint.h>
#include <stddef.h>

#define CELLTABLE_SIGNATURE	"CELLATAB" /* 8 bytes, no terminating NUL */
#define CELLTABLE_SIGNATURE_LEN 8
#define CELLTABLE_VERSION	2
#define CELLTABLE_NAME_LEN	32 /* names are NUL-padded, at most 31 characters */
#define CELLTABLE_DEVICE_IRQS	4  /* interrupt IDs per device record */
#define CELLTABLE_MAX_CELLS	32
#define CELLTABLE_MAX_REGIONS	128
#define CELLTABLE_MAX_DEVICES	64
#define CELLTABLE_MAX_CHANNELS	64
#define CELLTABLE_PAGE		4096

/* Limits of the encoded table, checked by celltable_check(). */
#define CELLTABLE_MAX_SIZE                                                                       \
	(sizeof(struct celltable_header) + CELLTABLE_MAX_CELLS * sizeof(struct celltable_cell) + \
	 CELLTABLE_MAX_REGIONS * sizeof(struct celltable_region) +                               \
	 CELLTABLE_MAX_DEVICES * sizeof(struct celltable_device) +                               \
	 CELLTABLE_MAX_CHANNELS * sizeof(struct celltable_channel))

enum celltable_kind {
	CELLTABLE_KIND_NATIVE = 0, /* ELF image of native threads */
	CELLTABLE_KIND_VM = 1,	   /* guest kernel on VCPUs, with a device tree */
};

enum celltable_on_fault {
	CELLTABLE_ON_FAULT_STOP = 0,
	CELLTABLE_ON_FAULT_RESTART = 1,
};

/* Rights of one side of a channel on its shared memory. */
#define CELLTABLE_RIGHT_READ  0x1u
#define CELLTABLE_RIGHT_WRITE 0x2u

/* Channel flags. */
#define CELLTABLE_CHANNEL_DOORBELL 0x1u /* a notification each way */

/* The virtual interrupts a channel's doorbell may raise in a VM cell (SPIs). */
#define CELLTABLE_VIRQ_MIN 32
#define CELLTABLE_VIRQ_MAX 95

/*
 * The table starts with this header; the four arrays follow at the given
 * offsets from the start of the table, in this order, without gaps.
 */
struct celltable_header {
	char signature[CELLTABLE_SIGNATURE_LEN]; /* CELLTABLE_SIGNATURE */
	uint32_t version;			 /* CELLTABLE_VERSION */
	uint32_t size;				 /* bytes, header included */
	uint32_t checksum;			 /* CRC-32 of the table with this field 0 */
	uint32_t ncores;			 /* cores of the platform */
	uint64_t ram_base;			 /* platform RAM validated against */
	uint64_t ram_size;
	uint16_t cell_count;
	uint16_t region_count;
	uint16_t device_count;
	uint16_t channel_count;
	uint32_t cells_offset;
	uint32_t regions_offset;
	uint32_t devices_offset;
	uint32_t channels_offset;
	char platform[CELLTABLE_NAME_LEN];
};

/* One cell. Its regions and devices are runs in the shared arrays. */
struct celltable_cell {
	char name[CELLTABLE_NAME_LEN];
	char image[CELLTABLE_NAME_LEN];
	uint64_t cores; /* bit N: core N */
	uint32_t kmem_quota;
	uint8_t kind;	  /* enum celltable_kind */
	uint8_t on_fault; /* enum celltable_on_fault */
	uint8_t prio_lo;  /* priority band, inclusive */
	uint8_t prio_hi;
	uint16_t first_region;
	uint16_t region_count;
	uint16_t first_device;
	uint16_t device_count;
};

/* A region of RAM that belongs to one cell. */
struct celltable_region {
	uint64_t base;
	uint64_t size;
};

/* A device given to one cell: one MMIO window and its interrupts. */
struct celltable_device {
	char name[CELLTABLE_NAME_LEN];
	uint64_t base;
	uint64_t size;
	uint16_t irqs[CELLTABLE_DEVICE_IRQS]; /* GIC interrupt IDs */
	uint16_t irq_count;
	uint16_t reserved[3];
};

/* Shared memory between two cells, with each side's rights. */
struct celltable_channel {
	char name[CELLTABLE_NAME_LEN];
	uint64_t base;
	uint64_t size;
	uint16_t cell[2];  /* indexes into the cell array */
	uint8_t rights[2]; /* CELLTABLE_RIGHT_* of cell[0], cell[1] */
	uint16_t flags;	   /* CELLTABLE_CHANNEL_* */
	/*
	 * With a doorbell and a VM side: the guest-physical page a VM side
	 * rings its peer by writing, and the virtual interrupt the peer's
	 * signal raises in it (the same in both VM sides); 0 otherwise.
	 */
	uint32_t doorbell_page;
	uint16_t virq;
	uint16_t reserved;
};

_Static_assert(sizeof(struct celltable_header) == 96, "header layout");
_Static_assert(sizeof(struct celltable_cell) == 88, "cell layout");
_Static_assert(sizeof(struct celltable_region) == 16, "region layout");
_Static_assert(sizeof(struct celltable_device) == 64, "device layout");
_Static_assert(sizeof(struct celltable_channel) == 64, "channel layout");

/*
 * Two cells may share a core only if their priority bands are apart by at
 * least this much (HI of the lower band + CELLTABLE_BAND_GAP <= LO of the
 * higher): the one free priority between them is where the lower cell's
 * VMM threads run (HI + 1), above its VCPUs and below the other cell.
 */
#define CELLTABLE_BAND_GAP 2

/*
 * The lane @side of a channel of @size bytes with @rights writes in the
 * stream protocol (partition/stream/): the whole shared memory when it is
 * the only side that may write, its half (side 0 the first) when both may.
 * Its offset from the channel's base into @off and size into @len; 0 if
 * @side may not write.
 */
static inline int celltable_lane(const uint8_t rights[2], uint64_t size, unsigned int side,
				 uint64_t *off, uint64_t *len)
{
	int both = (rights[0] & rights[1] & CELLTABLE_RIGHT_WRITE) != 0;

	*off = both && side ? size / 2 : 0;
	*len = both ? size / 2 : size;
	return (rights[side] & CELLTABLE_RIGHT_WRITE) != 0;
}

/** celltable_bands_apart() - whether bands @alo..@ahi and @blo..@bhi may share a core. */
static inline int celltable_bands_apart(unsigned int alo, unsigned int ahi, unsigned int blo,
					unsigned int bhi)
{
	return ahi + CELLTABLE_BAND_GAP <= blo || bhi + CELLTABLE_BAND_GAP <= alo;
}

/* Errors of celltable_check(): negative, 0 is success. */
enum celltable_err {
	CELLTABLE_OK = 0,
	CELLTABLE_ERR_SIZE = -1,      /* shorter than its header or its size field */
	CELLTABLE_ERR_SIGNATURE = -2, /* not a cell table */
	CELLTABLE_ERR_VERSION = -3,   /* a version this code does not read */
	CELLTABLE_ERR_CHECKSUM = -4,  /* corrupted */
	CELLTABLE_ERR_LAYOUT = -5,    /* counts or offsets out of bounds */
	CELLTABLE_ERR_NAME = -6,      /* a name not NUL-terminated or empty */
	CELLTABLE_ERR_RECORD = -7,    /* a field out of its range */
	CELLTABLE_ERR_OVERLAP = -8,   /* memory or devices shared, or a core by overlapping bands */
};

/**
 * celltable_crc32() - CRC-32 (IEEE 802.3, reflected, as zlib's crc32) of
 * @len bytes at @data, continuing from @crc (0 to start).
 */
uint32_t celltable_crc32(uint32_t crc, const void *data, size_t len);

/**
 * celltable_checksum() - the checksum a table of @len bytes must carry: the
 * CRC-32 of the table with its checksum field taken as zero. @len must be at
 * least sizeof(struct celltable_header).
 */
uint32_t celltable_checksum(const void *table, size_t len);

/**
 * celltable_check() - validate the @len bytes at @table as a cell table:
 * header, checksum, bounds of every array and every index, names, ranges of
 * every field, that no two cells share a region or a device, and that two
 * cells share a core only with bands apart (celltable_bands_apart()). The
 * table must be 8-byte aligned. Returns CELLTABLE_OK or a negative enum
 * celltable_err. Any caller; reads only @table.
 */
int celltable_check(const void *table, size_t len);

/**
 * celltable_strerror() - a short English description of @err.
 */
const char *celltable_strerror(int err);

/* Accessors, valid only on a table that celltable_check() accepted. */
static inline const struct celltable_header *celltable_header(const void *table)
{
	return (const struct celltable_header *)table;
}

static inline const struct celltable_cell *celltable_cell(const void *table, unsigned int i)
{
	const struct celltable_header *h = celltable_header(table);

	return (const struct celltable_cell *)((const char *)table + h->cells_offset) + i;
}

static inline const struct celltable_region *celltable_region(const void *table, unsigned int i)
{
	const struct celltable_header *h = celltable_header(table);

	return (const struct celltable_region *)((const char *)table + h->regions_offset) + i;
}

static inline const struct celltable_device *celltable_device(const void *table, unsigned int i)
{
	const struct celltable_header *h = celltable_header(table);

	return (const struct celltable_device *)((const char *)table + h->devices_offset) + i;
}

static inline const struct celltable_channel *celltable_channel(const void *table, unsigned int i)
{
	const struct celltable_header *h = celltable_header(table);

	return (const struct celltable_channel *)((const char *)table + h->channels_offset) + i;
}
