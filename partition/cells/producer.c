// SPDX-License-Identifier: MIT
/*
 * The producer cell: streams test records (pattern.h) over the first
 * channel it may write, in the stream protocol (partition/stream/): a
 * batch of records a millisecond (a steady source, not a busy core),
 * waiting on its doorbell when the ring is full; prints its progress once
 * a second.
 */
#include "cell.h"
#include "pattern.h"
#include "stream.h"

#define RECORD_WORDS 14	     /* 56 bytes: a record fits the smallest slot */
#define BATCH	     16	     /* records between looks at our doorbell (stream.h: WAIT) */
#define PACE_NS	     1000000 /* ... and between batches */
#define ACK_WAIT_US  100000  /* a full ring: how long to wait for the reader each time */

int main(unsigned int thread);

static void ring_peer(void *ctx, uint32_t bits)
{
	const struct cellinfo_channel *ch = ctx;

	sys_signal(ch->peer_doorbell, bits);
}

/* Take what the consumer rang: waiting for it if @block (the ring is full). */
static void take_bells(const struct cellinfo_channel *ch, struct stream_tx *tx, int block)
{
	unsigned int bits = 0;

	if (block ? sys_wait(ch->doorbell, &bits, ACK_WAIT_US) == 0
		  : sys_poll(ch->doorbell, &bits) == 0)
		stream_bells(tx, NULL, bits);
}

int main(unsigned int thread)
{
	const struct cellinfo_channel *ch = cell_channel(1);
	unsigned long long reported = counter_now();
	uint32_t record[RECORD_WORDS];
	struct stream_tx tx;
	int err;

	if (thread) { /* one stream, one thread: the cell's other cores stay idle */
		printf("thread %u on core %u: nothing to do\n", thread, CELL_INFO->cores[thread]);
		return 0;
	}
	if (!ch) {
		printf("no channel I may write\n");
		return 1;
	}
	printf("run %u on core %u: channel %s to %s at 0x%08x, doorbell handles %u/%u\n",
	       CELL_INFO->run, CELL_INFO->cores[thread], ch->name, ch->peer, ch->addr, ch->doorbell,
	       ch->peer_doorbell);
	if (!ch->doorbell) { /* the service wires none to a peer that will never run */
		printf("channel %s has no doorbell: nothing to stream to\n", ch->name);
		return 0;
	}
	err = stream_tx_start(&tx, (void *)(ch->addr + ch->tx_offset), ch->tx_size, 0, ring_peer,
			      (void *)ch);
	if (err) {
		printf("channel %s: %u bytes are too few for a stream\n", ch->name, ch->tx_size);
		return 1;
	}
	for (uint32_t n = 1;; n++) {
		stream_pattern_fill(record, RECORD_WORDS, n);
		while (stream_tx_send(&tx, record, sizeof(record)) == STREAM_FULL)
			take_bells(ch, &tx, 1);
		if (n % BATCH == 0) {
			take_bells(ch, &tx, 0);
			sys_sleep(PACE_NS);
		}
		if (cell_report_due(&reported))
			printf("sent %u, epoch %u, %u in flight\n", (unsigned int)n,
			       (unsigned int)tx.epoch, (unsigned int)stream_tx_in_flight(&tx));
	}
}
