// SPDX-License-Identifier: MIT
/*
 * The consumer cell: takes the producer's records from the first channel it
 * may only read, checks each, acknowledges it and prints its progress. With
 * the boot argument cellarg=consumer:rowrite it writes to that channel after
 * a while, which its read-only mapping must refuse (a fault).
 */
#include "cell.h"
#include "stream.h"

#define ROWRITE_AFTER 200

int main(unsigned int thread);

static unsigned int received, bad, last;

/* Wait until the producer rings (or, without a doorbell, a moment). */
static void wait_record(const struct cellinfo_channel *ch)
{
	unsigned int bits;

	if (ch->doorbell)
		sys_wait(ch->doorbell, &bits, TIMEOUT_FOREVER);
	else
		sys_sleep(STREAM_ACK_US * 1000ull / 32);
}

/* Take the record in @s if it is new; acknowledge it either way. */
static void take(const struct cellinfo_channel *ch, const struct stream *s)
{
	unsigned int data[STREAM_WORDS], seq = s->seq, ok = 1;

	stream_barrier();
	memcpy(data, s->data, sizeof(data));
	for (unsigned int i = 0; i < STREAM_WORDS; i++)
		ok &= data[i] == stream_value(seq, i);
	ok &= s->sum == stream_sum(data);
	if (ch->peer_doorbell)
		sys_signal(ch->peer_doorbell, 1u << (seq % 32));
	if (!seq || seq == last)
		return;
	last = seq;
	received++;
	bad += !ok;
	if (received % STREAM_REPORT == 0)
		printf("consumer: received %u, last seq %u, %u bad\n", received, seq, bad);
}

static void show_devices(void)
{
	for (unsigned int i = 0; i < CELL_INFO->device_count; i++) {
		const struct cellinfo_device *d = &CELL_INFO->devices[i];
		volatile const unsigned int *id = (const unsigned int *)(d->addr + 0xfe0);

		printf("consumer: device %s at 0x%08x, peripheral id 0x%02x, %u interrupts\n",
		       d->name, d->addr, id[0] & 0xff, d->irq_count);
	}
}

int main(unsigned int thread)
{
	const struct cellinfo_channel *ch = cell_channel(0);
	int rowrite = strcmp(CELL_INFO->arg, "rowrite") == 0;

	if (!ch) {
		printf("consumer: no channel to read\n");
		return 1;
	}
	printf("consumer: run %u on core %u: channel %s from %s at 0x%08x (read-only)\n",
	       CELL_INFO->run, CELL_INFO->cores[thread], ch->name, ch->peer, ch->addr);
	show_devices();
	for (;;) {
		wait_record(ch);
		take(ch, (const struct stream *)ch->addr);
		if (rowrite && received == ROWRITE_AFTER) {
			printf("consumer: writing to read-only channel %s at 0x%08x\n", ch->name,
			       ch->addr);
			((struct stream *)ch->addr)->sum = 0;
			printf("consumer: the write to a read-only channel went through\n");
			rowrite = 0;
		}
	}
}
