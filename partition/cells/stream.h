/* SPDX-License-Identifier: MIT */
/*
 * The producer/consumer protocol on a channel's shared memory: the producer
 * (read-write side) fills a record and publishes its sequence number last,
 * then rings the consumer's doorbell; the consumer (read-only side) checks
 * the record and rings back. A record that is not acknowledged in time is
 * rung again, so either side may be restarted under the other.
 */
#pragma once

#define STREAM_WORDS  14
#define STREAM_ACK_US 100000 /* the producer rings again after this long */

struct stream {
	volatile unsigned int seq; /* written last (after a barrier) */
	unsigned int sum;	   /* of data[] */
	unsigned int data[STREAM_WORDS];
};

static inline unsigned int stream_value(unsigned int seq, unsigned int i)
{
	return seq * 2654435761u + i;
}

static inline unsigned int stream_sum(const unsigned int *data)
{
	unsigned int sum = 0;

	for (int i = 0; i < STREAM_WORDS; i++)
		sum = sum * 31 + data[i];
	return sum;
}

/* Order the record's words before (or after) its sequence number. */
static inline void stream_barrier(void)
{
	__asm__ volatile("dmb ish" ::: "memory");
}
