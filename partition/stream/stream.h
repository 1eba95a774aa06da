/* SPDX-License-Identifier: MIT */
/*
 * The stream protocol on a channel: sequenced, checksummed records through
 * a ring in the channel's shared memory, with doorbells only when a reader
 * waits and one acknowledgement per quarter ring. Native cells, Linux
 * (cella-guest) and the RTOS all speak it; it needs nothing but the shared
 * memory, a way to ring the peer and the bits the peer rang.
 *
 * Each side that may write owns one *lane*: a header and a ring of slots
 * (cellconf decides where: the whole memory for a single writer, a half
 * each when both sides write; celltable_lanes()). The reader never writes
 * the shared memory (it may be mapped read-only): everything it tells the
 * writer travels as doorbell bits, so one protocol serves read-only and
 * read-write sides alike.
 *
 *   writer -> reader  STREAM_BELL_DATA  new records, sent only when the
 *                                       reader said it waits (or at start)
 *   reader -> writer  STREAM_BELL_WAIT  I took everything up to record n
 *                                       (n in the SEEN field) and wait
 *                     STREAM_BELL_ACK   I took block b (a quarter ring):
 *                                       its slots may be written again
 *
 * A reader has at most one WAIT outstanding (it rings the next only after
 * a DATA), so the SEEN field is exact: a writer whose head has moved past
 * n rings DATA at once, one whose head is n rings DATA with its next
 * record. The writer must therefore take its doorbell whenever it rings
 * (an interrupt handler, or a blocking wait between sends), or a reader
 * may wait for a record that is already there.
 *
 * Acknowledgements carry the block number modulo 8 and the parity of the
 * writer's epoch, so an acknowledgement meant for the writer's previous run
 * is ignored. At most four blocks are unacknowledged, so eight names are
 * enough. When both sides write, each side's bits as reader and as writer
 * are disjoint and share one doorbell.
 *
 * Restarts. A writer that starts begins a new epoch: head and acknowledged
 * count return to 0, and the reader, seeing the epoch change, reports the
 * records of the old epoch it never took (they were never acknowledged, so
 * the writer was never told they arrived). A reader that starts resumes at
 * the lane's acknowledged count: records its previous run took but had not
 * yet acknowledged (less than a block) come again, none is lost.
 *
 * The reader trusts nothing in the shared memory: the lane's geometry is
 * checked against the memory it mapped, each record header is read once
 * and its payload is checked after it has been copied out.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define STREAM_MAGIC	    0x52545343u /* "CSTR" */
#define STREAM_BLOCKS	    4u		/* acknowledgement blocks per ring */
#define STREAM_RECORD_HDR   16u		/* struct stream_record without payload */
#define STREAM_DEFAULT_SLOT 256u	/* bytes per slot, header included */

#define STREAM_MAX_SLOTS 8192u /* the SEEN field must tell heads a ring apart */

/* Doorbell bits. */
#define STREAM_BELL_DATA	      (1u << 0)
#define STREAM_BELL_WAIT	      (1u << 1)
#define STREAM_BELL_ACK(epoch, block) (1u << (2 + ((epoch)&1u) * 8 + ((block)&7u)))
#define STREAM_BELL_ACKS	      0x0003fffcu
#define STREAM_SEEN_SHIFT	      18 /* bits 18-31: the record a waiting reader saw, modulo 2^14 */
#define STREAM_SEEN_MASK	      0x3fffu

/* The lane header, at the start of the writer's lane. */
struct stream_lane {
	volatile uint32_t magic;     /* STREAM_MAGIC once the lane is set up */
	volatile uint32_t epoch;     /* the writer's run, from 1 */
	volatile uint32_t slots;     /* a power of two, multiple of STREAM_BLOCKS */
	volatile uint32_t slot_size; /* bytes, header included, multiple of 4 */
	volatile uint32_t head;	     /* records published in this epoch */
	volatile uint32_t acked;     /* records the reader acknowledged (whole blocks) */
	volatile uint32_t bytes[2];  /* payload bytes published in this epoch, low word first */
};

/* One slot: the record header, then its payload. */
struct stream_record {
	volatile uint32_t seq; /* head at publication */
	volatile uint32_t len; /* payload bytes */
	volatile uint32_t sum; /* stream_checksum() of the payload */
	volatile uint32_t epoch;
};

/* Rings the peer's doorbell with @bits. */
typedef void stream_ring_fn(void *ctx, uint32_t bits);

struct stream_stats {
	uint64_t records, bytes;
	uint32_t rings;	   /* doorbells this side rang */
	uint32_t full;	   /* writer: sends refused, the ring full */
	uint32_t bad;	   /* reader: records whose checksum or header was wrong */
	uint32_t lost;	   /* reader: records of an ended epoch never taken */
	uint32_t restarts; /* reader: epochs of the writer seen end */
};

struct stream_tx {
	struct stream_lane *lane;
	uint8_t *slots;
	uint32_t epoch, head, acked_blocks, block_slots, mask, slot_size;
	uint32_t acks;	  /* acknowledgement bits received, not yet applied */
	int reader_waits; /* the reader said it waits: ring at the next record */
	stream_ring_fn *ring;
	void *ctx;
	struct stream_stats stats;
};

struct stream_rx {
	const struct stream_lane *lane;
	const uint8_t *slots;
	size_t size; /* bytes of the lane as mapped */
	uint32_t epoch, next, mask, slot_size, block_slots;
	uint32_t seen; /* the head we last read */
	int waiting;   /* we rang WAIT and have taken nothing since */
	int synced;    /* the lane was valid when we last looked */
	stream_ring_fn *ring;
	void *ctx;
	struct stream_stats stats;
};

enum stream_status {
	STREAM_OK = 0,
	STREAM_EMPTY = -1,   /* reader: nothing new (WAIT rung: a doorbell will come) */
	STREAM_FULL = -2,    /* writer: no free slot until the reader acknowledges */
	STREAM_TOO_BIG = -3, /* the record does not fit a slot (or the caller's buffer) */
	STREAM_BAD = -4,     /* reader: a record failed its check (counted, skipped) */
	STREAM_NO_LANE = -5, /* reader: the writer has not set the lane up (yet) */
	STREAM_EINVAL = -6,  /* the memory is too small for the geometry asked */
};

uint32_t stream_checksum(const void *data, size_t len);

/*
 * Start writing the lane of @size bytes at @mem with slots of @slot_size
 * bytes (0: STREAM_DEFAULT_SLOT): a new epoch, rung to the reader.
 */
int stream_tx_start(struct stream_tx *tx, void *mem, size_t size, uint32_t slot_size,
		    stream_ring_fn *ring, void *ctx);
/* Publish one record; STREAM_FULL if no slot is free (take_bells, then retry). */
int stream_tx_send(struct stream_tx *tx, const void *data, size_t len);
/*
 * The writer stops, or pauses without watching its doorbell: ring DATA
 * once, so that a reader whose WAIT we have not taken looks again.
 */
void stream_tx_flush(struct stream_tx *tx);
/* The payload a slot holds. */
static inline size_t stream_tx_max(const struct stream_tx *tx)
{
	return tx->slot_size - STREAM_RECORD_HDR;
}
/* The payload bytes published in the lane at @mem's current epoch (0 if it is not set up). */
static inline uint64_t stream_lane_bytes(const void *mem)
{
	const struct stream_lane *lane = mem;

	if (lane->magic != STREAM_MAGIC)
		return 0;
	return lane->bytes[0] | (uint64_t)lane->bytes[1] << 32; /* torn at worst: for display */
}
/* Records sent and not yet acknowledged. */
static inline uint32_t stream_tx_in_flight(const struct stream_tx *tx)
{
	return tx->head - tx->acked_blocks * tx->block_slots;
}
/* Start reading the lane of @size bytes at @mem (which may still be unset). */
void stream_rx_start(struct stream_rx *rx, const void *mem, size_t size, stream_ring_fn *ring,
		     void *ctx);
/*
 * Take the next record into @buf (at most @cap bytes): its length, or a
 * stream_status. STREAM_EMPTY means WAIT has been rung and the writer will
 * ring DATA when it publishes: the caller may sleep until its doorbell.
 */
int stream_rx_recv(struct stream_rx *rx, void *buf, size_t cap);

/*
 * The bits the peer rang, for whichever of @tx and @rx this side has (either
 * may be NULL): acknowledgements and WAIT go to the writer, DATA needs no
 * action (the reader looks at the lane).
 */
void stream_bells(struct stream_tx *tx, struct stream_rx *rx, uint32_t bits);
