// SPDX-License-Identifier: MIT
/*
 * The stream protocol (stream.h): a writer's lane and a reader's view of
 * it. Freestanding: built into native cells, cella-guest, the RTOS and the
 * host tests alike.
 */
#include "stream.h"

/*
 * Order the lane's stores (or loads) before and after the ones that publish
 * them. ARMv5 has no barrier instruction and one core: the fence is a
 * call (the runtime's __sync_synchronize), which the compiler orders.
 */
static inline void stream_mb(void)
{
#if defined(__arm__) && __ARM_ARCH >= 7
	__asm__ volatile("dmb ish" ::: "memory");
#else
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

static void copy(void *dst, const volatile void *src, size_t len)
{
	if (((uintptr_t)dst | (uintptr_t)src | len) % 4 == 0) {
		uint32_t *d = dst;
		const volatile uint32_t *s = src;

		for (size_t i = 0; i < len / 4; i++)
			d[i] = s[i];
		return;
	}
	for (size_t i = 0; i < len; i++)
		((uint8_t *)dst)[i] = ((const volatile uint8_t *)src)[i];
}

uint32_t stream_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0x811c9dc5u;
	size_t i = 0;

	for (; i + 4 <= len; i += 4)
		sum = sum * 31 + ((uint32_t)p[i] | (uint32_t)p[i + 1] << 8 |
				  (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24);
	for (; i < len; i++)
		sum = sum * 31 + p[i];
	return sum ^ (uint32_t)len;
}

/* The largest power-of-two slot count of @slot_size bytes in a lane of @size bytes. */
static uint32_t fit_slots(size_t size, uint32_t slot_size)
{
	uint32_t slots = STREAM_MAX_SLOTS;

	if (size < sizeof(struct stream_lane))
		return 0;
	while (slots >= STREAM_BLOCKS &&
	       (uint64_t)slots * slot_size > size - sizeof(struct stream_lane))
		slots /= 2;
	return slots >= STREAM_BLOCKS ? slots : 0;
}

static void ring(stream_ring_fn *fn, void *ctx, struct stream_stats *stats, uint32_t bits)
{
	fn(ctx, bits);
	stats->rings++;
}

int stream_tx_start(struct stream_tx *tx, void *mem, size_t size, uint32_t slot_size,
		    stream_ring_fn *ring_fn, void *ctx)
{
	struct stream_lane *lane = mem;
	uint32_t slots, epoch;

	slot_size = slot_size ? slot_size : STREAM_DEFAULT_SLOT;
	if (slot_size % 4 || slot_size <= STREAM_RECORD_HDR)
		return STREAM_EINVAL;
	slots = fit_slots(size, slot_size);
	if (!slots)
		return STREAM_EINVAL;
	epoch = (lane->magic == STREAM_MAGIC ? lane->epoch : 0) + 1;
	epoch += !epoch;
	lane->magic = 0;
	stream_mb();
	lane->epoch = epoch;
	lane->slots = slots;
	lane->slot_size = slot_size;
	lane->head = 0;
	lane->acked = 0;
	lane->bytes[0] = lane->bytes[1] = 0;
	stream_mb();
	lane->magic = STREAM_MAGIC;
	stream_mb();
	*tx = (struct stream_tx){
		.lane = lane,
		.slots = (uint8_t *)(lane + 1),
		.epoch = epoch,
		.block_slots = slots / STREAM_BLOCKS,
		.mask = slots - 1,
		.slot_size = slot_size,
		.ring = ring_fn,
		.ctx = ctx,
	};
	ring(ring_fn, ctx, &tx->stats, STREAM_BELL_DATA); /* a waiting reader sees the new epoch */
	return STREAM_OK;
}

int stream_tx_send(struct stream_tx *tx, const void *data, size_t len)
{
	struct stream_record *rec;

	if (len > stream_tx_max(tx))
		return STREAM_TOO_BIG;
	if (stream_tx_in_flight(tx) >= tx->mask + 1) {
		tx->stats.full++;
		return STREAM_FULL;
	}
	rec = (struct stream_record *)(tx->slots + (size_t)(tx->head & tx->mask) * tx->slot_size);
	copy((void *)(rec + 1), data, len);
	rec->len = (uint32_t)len;
	rec->sum = stream_checksum(data, len);
	rec->epoch = tx->epoch;
	rec->seq = tx->head;
	stream_mb(); /* the record before the head that publishes it */
	tx->lane->head = ++tx->head;
	stream_mb(); /* the head before we look at the reader's bells */
	tx->stats.records++;
	tx->stats.bytes += len;
	tx->lane->bytes[0] = (uint32_t)tx->stats.bytes;
	tx->lane->bytes[1] = (uint32_t)(tx->stats.bytes >> 32);
	if (tx->reader_waits) {
		tx->reader_waits = 0;
		ring(tx->ring, tx->ctx, &tx->stats, STREAM_BELL_DATA);
	}
	return STREAM_OK;
}

void stream_tx_flush(struct stream_tx *tx)
{
	tx->reader_waits = 0;
	ring(tx->ring, tx->ctx, &tx->stats, STREAM_BELL_DATA);
}

/* The writer's share of the bells: acknowledged blocks free their slots; a WAIT asks for DATA. */
static void tx_bells(struct stream_tx *tx, uint32_t bits)
{
	uint32_t bit;

	tx->acks |= bits & STREAM_BELL_ACKS;
	while (tx->acks & (bit = STREAM_BELL_ACK(tx->epoch, tx->acked_blocks))) {
		tx->acks &= ~bit;
		if (stream_tx_in_flight(tx) < tx->block_slots)
			break; /* not a block we sent: stale, or a confused reader */
		tx->acked_blocks++;
	}
	tx->acks &= STREAM_BELL_ACKS & ~(0xffu << (2 + (~tx->epoch & 1u) * 8)); /* other epoch's */
	tx->lane->acked = tx->acked_blocks * tx->block_slots;
	if (!(bits & STREAM_BELL_WAIT))
		return;
	if ((bits >> STREAM_SEEN_SHIFT) == (tx->head & STREAM_SEEN_MASK))
		tx->reader_waits = 1; /* it has everything: ring with the next record */
	else
		ring(tx->ring, tx->ctx, &tx->stats, STREAM_BELL_DATA);
}

void stream_rx_start(struct stream_rx *rx, const void *mem, size_t size, stream_ring_fn *ring_fn,
		     void *ctx)
{
	*rx = (struct stream_rx){.lane = mem, .size = size, .ring = ring_fn, .ctx = ctx};
}

/*
 * Check the lane's header and follow a new epoch: 1 if the lane can be
 * read, 0 if the writer has not set it up (or set it up beyond our memory).
 */
static int rx_sync(struct stream_rx *rx)
{
	const struct stream_lane *lane = rx->lane;
	uint32_t epoch, slots, slot_size, acked;

	if (lane->magic != STREAM_MAGIC)
		return rx->synced = 0;
	stream_mb();
	epoch = lane->epoch;
	if (rx->synced && epoch == rx->epoch)
		return 1;
	slots = lane->slots;
	slot_size = lane->slot_size;
	acked = lane->acked;
	if (slots < STREAM_BLOCKS || slots > STREAM_MAX_SLOTS || (slots & (slots - 1)) ||
	    slot_size % 4 || slot_size <= STREAM_RECORD_HDR ||
	    (uint64_t)slots * slot_size + sizeof(*lane) > rx->size)
		return rx->synced = 0;
	if (rx->epoch) { /* a writer we read before has started again */
		rx->stats.restarts++;
		rx->stats.lost += rx->seen - rx->next;
	}
	rx->epoch = epoch;
	rx->slots = (const uint8_t *)(lane + 1);
	rx->mask = slots - 1;
	rx->slot_size = slot_size;
	rx->block_slots = slots / STREAM_BLOCKS;
	rx->next = rx->seen = acked - acked % rx->block_slots;
	return rx->synced = 1;
}

/* Say we wait (once until DATA answers), then look again: 1 if records came meanwhile. */
static int rx_wait(struct stream_rx *rx)
{
	if (rx->waiting)
		return 0;
	rx->waiting = 1;
	ring(rx->ring, rx->ctx, &rx->stats,
	     STREAM_BELL_WAIT | (rx->next & STREAM_SEEN_MASK) << STREAM_SEEN_SHIFT);
	stream_mb(); /* the bell before we read the head again */
	return rx->lane->head != rx->next;
}

/* Copy out and check the record in slot @seq; its length or STREAM_BAD / STREAM_TOO_BIG. */
static int rx_take(struct stream_rx *rx, uint32_t seq, void *buf, size_t cap)
{
	const struct stream_record *rec =
		(const void *)(rx->slots + (size_t)(seq & rx->mask) * rx->slot_size);
	uint32_t len = rec->len, sum = rec->sum;

	if (rec->seq != seq || rec->epoch != rx->epoch || len > rx->slot_size - STREAM_RECORD_HDR)
		return STREAM_BAD;
	if (len > cap)
		return STREAM_TOO_BIG;
	copy(buf, rec + 1, len);
	stream_mb(); /* the payload before the check that the slot was not reused under us */
	if (rec->seq != seq || stream_checksum(buf, len) != sum)
		return STREAM_BAD;
	return (int)len;
}

int stream_rx_recv(struct stream_rx *rx, void *buf, size_t cap)
{
	uint32_t head;
	int len;

	if (!rx_sync(rx))
		return STREAM_NO_LANE;
	head = rx->lane->head;
	stream_mb();			      /* the head before the records it publishes */
	if (head - rx->next > rx->mask + 1) { /* impossible from a sound writer */
		rx->stats.bad++;
		rx->synced = 0;
		return STREAM_BAD;
	}
	rx->seen = head;
	if (head == rx->next) {
		if (!rx_wait(rx))
			return STREAM_EMPTY;
		stream_mb();
		rx->seen = rx->lane->head;
	}
	len = rx_take(rx, rx->next, buf, cap);
	if (len == STREAM_TOO_BIG)
		return len;
	rx->next++;
	if (rx->next % rx->block_slots == 0)
		ring(rx->ring, rx->ctx, &rx->stats,
		     STREAM_BELL_ACK(rx->epoch, rx->next / rx->block_slots - 1));
	if (len < 0) {
		rx->stats.bad++;
		return len;
	}
	rx->stats.records++;
	rx->stats.bytes += (uint32_t)len;
	return len;
}

void stream_bells(struct stream_tx *tx, struct stream_rx *rx, uint32_t bits)
{
	if (rx && (bits & STREAM_BELL_DATA))
		rx->waiting = 0;
	if (tx)
		tx_bells(tx, bits);
}
