// SPDX-License-Identifier: MIT
/*
 * Unit tests of the stream protocol (partition/stream/): records through a
 * lane, the WAIT/DATA handshake with no lost wake-up, flow control by
 * acknowledged blocks, restarts of either side, a hostile lane, and two
 * threads streaming a million records.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <stream.h>

#define LANE_SIZE (sizeof(struct stream_lane) + 16 * 64) /* 16 slots of 64 bytes */
#define SLOT	  64u
#define PAYLOAD	  (SLOT - STREAM_RECORD_HDR)

/* One side's doorbell: the bits the peer rang, taken all at once. */
struct bell {
	uint32_t bits;
	unsigned int rings;
};

static void ring(void *ctx, uint32_t bits)
{
	struct bell *b = ctx;

	__atomic_fetch_or(&b->bits, bits, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&b->rings, 1, __ATOMIC_SEQ_CST);
}

static uint32_t take(struct bell *b)
{
	return __atomic_exchange_n(&b->bits, 0, __ATOMIC_SEQ_CST);
}

static uint32_t lane_mem[LANE_SIZE / 4];
static struct bell to_reader, to_writer;
static struct stream_tx tx;
static struct stream_rx rx;

static int setup(void **state)
{
	memset(lane_mem, 0, sizeof(lane_mem));
	to_reader = to_writer = (struct bell){0};
	assert_int_equal(stream_tx_start(&tx, lane_mem, sizeof(lane_mem), SLOT, ring, &to_reader),
			 STREAM_OK);
	stream_rx_start(&rx, lane_mem, sizeof(lane_mem), ring, &to_writer);
	return 0;
}

static void fill(uint8_t *p, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seed * 131 + i);
}

static int send(uint32_t seed, size_t len)
{
	uint8_t buf[PAYLOAD + 4];

	fill(buf, len, seed);
	return stream_tx_send(&tx, buf, len);
}

/* Receive one record and check it is @seed's of @len bytes. */
static void expect(uint32_t seed, size_t len)
{
	uint8_t buf[PAYLOAD], want[PAYLOAD];

	fill(want, len, seed);
	assert_int_equal(stream_rx_recv(&rx, buf, sizeof(buf)), (int)len);
	assert_memory_equal(buf, want, len);
}

/* Let each side take the bells the other rang. */
static void exchange(void)
{
	stream_bells(&tx, NULL, take(&to_writer));
	stream_bells(NULL, &rx, take(&to_reader));
}

static void test_geometry(void **state)
{
	const struct stream_lane *lane = (const void *)lane_mem;

	assert_int_equal(lane->magic, STREAM_MAGIC);
	assert_int_equal(lane->epoch, 1);
	assert_int_equal(lane->slots, 16);
	assert_int_equal(stream_tx_max(&tx), PAYLOAD);
	assert_int_equal(take(&to_reader), STREAM_BELL_DATA); /* the start is rung */
	assert_int_equal(stream_tx_start(&tx, lane_mem, 16, SLOT, ring, &to_reader), STREAM_EINVAL);
	assert_int_equal(stream_tx_start(&tx, lane_mem, sizeof(lane_mem), 30, ring, &to_reader),
			 STREAM_EINVAL);
	assert_int_equal(send(0, PAYLOAD + 1), STREAM_TOO_BIG);
}

static void test_records_in_order(void **state)
{
	for (uint32_t i = 0; i < 10; i++)
		assert_int_equal(send(i, i * 4 % PAYLOAD), STREAM_OK);
	for (uint32_t i = 0; i < 10; i++)
		expect(i, i * 4 % PAYLOAD);
	assert_int_equal(rx.stats.records, 10);
	assert_int_equal(rx.stats.bad, 0);
}

/* The reader says it waits; the writer's next record is rung, and only that one. */
static void test_wait_then_data(void **state)
{
	uint8_t buf[PAYLOAD];

	exchange();
	assert_int_equal(stream_rx_recv(&rx, buf, sizeof(buf)), STREAM_EMPTY);
	assert_true(take(&to_writer) & STREAM_BELL_WAIT);
	stream_bells(&tx, NULL, STREAM_BELL_WAIT); /* SEEN 0: the writer's head */
	assert_int_equal(take(&to_reader), 0);	   /* nothing to ring yet */
	assert_int_equal(send(1, 8), STREAM_OK);
	assert_int_equal(take(&to_reader), STREAM_BELL_DATA);
	assert_int_equal(send(2, 8), STREAM_OK);
	assert_int_equal(take(&to_reader), 0); /* the reader has not waited again */
	/* A second empty look before DATA arrived rings no second WAIT. */
	expect(1, 8);
	expect(2, 8);
	assert_int_equal(stream_rx_recv(&rx, buf, sizeof(buf)), STREAM_EMPTY);
	assert_int_equal(take(&to_writer), 0);
}

/* The reader looks and waits while the writer publishes without looking at its bells. */
static void test_wait_crossing_publication(void **state)
{
	uint8_t buf[PAYLOAD];
	uint32_t bits;

	exchange();
	assert_int_equal(stream_rx_recv(&rx, buf, sizeof(buf)), STREAM_EMPTY);
	assert_int_equal(send(7, 4), STREAM_OK); /* WAIT not taken yet: no DATA */
	assert_int_equal(take(&to_reader), 0);
	bits = take(&to_writer);
	stream_bells(&tx, NULL, bits); /* WAIT with SEEN 0, head 1: ring now */
	assert_int_equal(take(&to_reader), STREAM_BELL_DATA);
	stream_bells(NULL, &rx, STREAM_BELL_DATA);
	expect(7, 4);
}

static void test_full_until_acknowledged(void **state)
{
	uint8_t buf[PAYLOAD];

	for (uint32_t i = 0; i < 16; i++)
		assert_int_equal(send(i, 4), STREAM_OK);
	assert_int_equal(send(16, 4), STREAM_FULL);
	assert_int_equal(tx.stats.full, 1);
	for (uint32_t i = 0; i < 3; i++)
		expect(i, 4);
	exchange(); /* three records do not complete a block of four */
	assert_int_equal(send(16, 4), STREAM_FULL);
	expect(3, 4);
	exchange();
	assert_int_equal(stream_tx_in_flight(&tx), 12);
	for (uint32_t i = 16; i < 20; i++)
		assert_int_equal(send(i, 4), STREAM_OK);
	assert_int_equal(send(20, 4), STREAM_FULL);
	for (uint32_t i = 4; i < 20; i++)
		expect(i, 4);
	assert_int_equal(stream_rx_recv(&rx, buf, sizeof(buf)), STREAM_EMPTY);
	exchange();
	assert_int_equal(stream_tx_in_flight(&tx), 0);
	assert_int_equal(((struct stream_lane *)lane_mem)->acked, 20);
}

static void test_corruption_detected(void **state)
{
	uint8_t *slot0 = (uint8_t *)lane_mem + sizeof(struct stream_lane);

	assert_int_equal(send(1, 20), STREAM_OK);
	assert_int_equal(send(2, 20), STREAM_OK);
	slot0[STREAM_RECORD_HDR + 3] ^= 1;
	assert_int_equal(stream_rx_recv(&rx, (uint8_t[PAYLOAD]){0}, PAYLOAD), STREAM_BAD);
	expect(2, 20); /* the bad record is skipped, not the stream */
	assert_int_equal(rx.stats.bad, 1);
}

static void test_small_buffer_keeps_record(void **state)
{
	uint8_t buf[8];

	assert_int_equal(send(3, 30), STREAM_OK);
	assert_int_equal(stream_rx_recv(&rx, buf, sizeof(buf)), STREAM_TOO_BIG);
	expect(3, 30);
}

/* The writer starts again: the reader counts what it never took and follows the new epoch. */
static void test_writer_restart(void **state)
{
	for (uint32_t i = 0; i < 6; i++)
		assert_int_equal(send(i, 4), STREAM_OK);
	expect(0, 4);
	expect(1, 4);
	assert_int_equal(stream_tx_start(&tx, lane_mem, sizeof(lane_mem), SLOT, ring, &to_reader),
			 STREAM_OK);
	assert_int_equal(tx.epoch, 2);
	assert_int_equal(send(100, 4), STREAM_OK);
	expect(100, 4);
	assert_int_equal(rx.stats.restarts, 1);
	assert_int_equal(rx.stats.lost, 4);
}

/* An acknowledgement sent for the writer's previous run frees nothing in the new one. */
static void test_stale_ack_ignored(void **state)
{
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(send(i, 4), STREAM_OK);
	assert_int_equal(stream_tx_start(&tx, lane_mem, sizeof(lane_mem), SLOT, ring, &to_reader),
			 STREAM_OK);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(send(i, 4), STREAM_OK);
	stream_bells(&tx, NULL, STREAM_BELL_ACK(1, 0)); /* epoch 1's block 0 */
	assert_int_equal(stream_tx_in_flight(&tx), 4);
	stream_bells(&tx, NULL, STREAM_BELL_ACK(2, 1)); /* a block not yet sent */
	assert_int_equal(stream_tx_in_flight(&tx), 4);
	stream_bells(&tx, NULL, STREAM_BELL_ACK(2, 0));
	assert_int_equal(stream_tx_in_flight(&tx), 0);
}

/* The reader starts again: it resumes at the acknowledged block; nothing is lost. */
static void test_reader_restart(void **state)
{
	for (uint32_t i = 0; i < 7; i++)
		assert_int_equal(send(i, 4), STREAM_OK);
	for (uint32_t i = 0; i < 6; i++)
		expect(i, 4);
	exchange();
	stream_rx_start(&rx, lane_mem, sizeof(lane_mem), ring, &to_writer);
	for (uint32_t i = 4; i < 7; i++) /* 4 and 5 again: taken, not acknowledged */
		expect(i, 4);
	assert_int_equal(rx.stats.lost, 0);
}

/* A lane whose geometry reaches beyond the reader's memory is not read. */
static void test_hostile_lane(void **state)
{
	struct stream_lane *lane = (void *)lane_mem;

	assert_int_equal(send(1, 4), STREAM_OK);
	stream_rx_start(&rx, lane_mem, sizeof(lane_mem), ring, &to_writer);
	lane->slots = 1u << 20;
	assert_int_equal(stream_rx_recv(&rx, (uint8_t[PAYLOAD]){0}, PAYLOAD), STREAM_NO_LANE);
	lane->slots = 16;
	lane->slot_size = 4096;
	assert_int_equal(stream_rx_recv(&rx, (uint8_t[PAYLOAD]){0}, PAYLOAD), STREAM_NO_LANE);
	lane->slot_size = SLOT;
	lane->head = 1000; /* more than a ring ahead */
	assert_int_equal(stream_rx_recv(&rx, (uint8_t[PAYLOAD]){0}, PAYLOAD), STREAM_BAD);
	lane->head = 1;
	((struct stream_record *)(lane + 1))->len = 4000;
	assert_int_equal(stream_rx_recv(&rx, (uint8_t[PAYLOAD]){0}, PAYLOAD), STREAM_BAD);
}

/* Two threads, each taking its bells only when it would otherwise spin: no record lost. */
#define STRESS_RECORDS 1000000u

static void *stress_writer(void *arg)
{
	uint32_t buf[PAYLOAD / 4];

	for (uint32_t i = 0; i < STRESS_RECORDS; i++) {
		buf[0] = i;
		for (uint32_t w = 1; w < PAYLOAD / 4; w++)
			buf[w] = i * w;
		while (stream_tx_send(&tx, buf, 4 + i % (PAYLOAD - 4)) == STREAM_FULL)
			stream_bells(&tx, NULL, take(&to_writer));
		if (i % 64 == 0)
			stream_bells(&tx, NULL, take(&to_writer));
	}
	/* Stay responsive to WAIT until everything is acknowledged or taken. */
	while (__atomic_load_n(&rx.stats.records, __ATOMIC_SEQ_CST) < STRESS_RECORDS)
		stream_bells(&tx, NULL, take(&to_writer));
	return NULL;
}

static void test_threads(void **state)
{
	uint32_t buf[PAYLOAD / 4];
	pthread_t writer;
	unsigned long sleeps = 0;

	assert_int_equal(pthread_create(&writer, NULL, stress_writer, NULL), 0);
	for (uint32_t i = 0; i < STRESS_RECORDS;) {
		int len = stream_rx_recv(&rx, buf, sizeof(buf));

		if (len == STREAM_EMPTY) { /* "sleep" until DATA */
			uint32_t bits;

			while (!((bits = take(&to_reader)) & STREAM_BELL_DATA))
				;
			stream_bells(NULL, &rx, bits);
			sleeps++;
			continue;
		}
		assert_int_equal(len, (int)(4 + i % (PAYLOAD - 4)));
		assert_int_equal(buf[0], i);
		i++;
	}
	pthread_join(writer, NULL);
	assert_int_equal(rx.stats.bad, 0);
	assert_int_equal(rx.stats.lost, 0);
	print_message("%lu waits, %u reader doorbells, %u writer doorbells\n", sleeps,
		      rx.stats.rings, tx.stats.rings);
	assert_true(rx.stats.rings < STRESS_RECORDS / 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_geometry, setup),
		cmocka_unit_test_setup(test_records_in_order, setup),
		cmocka_unit_test_setup(test_wait_then_data, setup),
		cmocka_unit_test_setup(test_wait_crossing_publication, setup),
		cmocka_unit_test_setup(test_full_until_acknowledged, setup),
		cmocka_unit_test_setup(test_corruption_detected, setup),
		cmocka_unit_test_setup(test_small_buffer_keeps_record, setup),
		cmocka_unit_test_setup(test_writer_restart, setup),
		cmocka_unit_test_setup(test_stale_ack_ignored, setup),
		cmocka_unit_test_setup(test_reader_restart, setup),
		cmocka_unit_test_setup(test_hostile_lane, setup),
		cmocka_unit_test_setup(test_threads, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
