/* SPDX-License-Identifier: MIT */
/*
 * What the partition service tells a native cell: a read-only page at
 * CELLINFO_ADDR in the cell's space naming its memory, its channels and
 * devices and the handles it holds for them (the only handles it has).
 * Shared by the partition service and the cells.
 */
#pragma once

#include <cella/layout.h> /* the arch's USER_BASE and USER_PHYS_OFFSET */

/* Plain C types only: every field is 32 bits on both arches. */

/* A native cell's address space. */
#define CELLINFO_ADDR (USER_BASE + 0x00001000) /* this page, read-only */
#define CELL_IMAGE_ADDR \
	(USER_BASE + 0x00100000)      /* its regions, in order, from here; images link here */
#define CELL_STACK_SIZE	  0x4000      /* per thread, from the top of its first region down */
#define CELLINFO_MAGIC	  0x43494e46u /* "CINF" */
#define CELLINFO_NAME	  32
#define CELLINFO_THREADS  8
#define CELLINFO_CHANNELS 8
#define CELLINFO_DEVICES  4
#define CELLINFO_IRQS	  4

#ifndef __ASSEMBLY__ /* linker scripts use the addresses above */
/* Channels and devices are mapped at their physical address plus USER_PHYS_OFFSET. */
struct cellinfo_channel {
	char name[CELLINFO_NAME];
	char peer[CELLINFO_NAME]; /* the cell at the other end */
	unsigned int addr;	  /* shared memory */
	unsigned int size;
	unsigned int writable;	    /* 1 read-write, 0 read-only (a write faults) */
	unsigned int doorbell;	    /* notification to wait on (RECV), 0 without doorbell */
	unsigned int peer_doorbell; /* notification to signal the peer (SEND), 0 without */
	/* The stream lanes (partition/stream/) we write and read: offsets from addr, size 0 if none. */
	unsigned int tx_offset, tx_size, rx_offset, rx_size;
};

struct cellinfo_device {
	char name[CELLINFO_NAME];
	unsigned int addr; /* MMIO window, device memory */
	unsigned int size;
	unsigned int irq_count;
	unsigned int irq_ids[CELLINFO_IRQS]; /* GIC interrupt IDs */
	unsigned int irqs[CELLINFO_IRQS];    /* interrupt handles (SEND: acknowledge) */
	unsigned int notify;		     /* notification interrupt i sets bit i of (RECV) */
};

struct cellinfo {
	unsigned int magic;
	char name[CELLINFO_NAME];
	char arg[CELLINFO_NAME];   /* from the boot argument cellarg=NAME:WORD, or empty */
	unsigned int run;	   /* 1 on the first start, then one more per start */
	unsigned int memory_size;  /* bytes of all regions from CELL_IMAGE_ADDR */
	unsigned int thread_count; /* one thread per core, argument 0..count-1 */
	unsigned int cores[CELLINFO_THREADS];
	unsigned int prio_lo, prio_hi;
	unsigned int channel_count;
	struct cellinfo_channel channels[CELLINFO_CHANNELS];
	unsigned int device_count;
	struct cellinfo_device devices[CELLINFO_DEVICES];
};

_Static_assert(sizeof(struct cellinfo) <= 4096, "cell info fits its page");
#endif
