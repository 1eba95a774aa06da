// SPDX-License-Identifier: MIT
/*
 * The producer cell: streams checksummed records over the first channel it
 * may write, one at a time, each rung to the consumer and acknowledged by
 * it (stream.h); prints its progress once a second.
 */
#include "cell.h"
#include "stream.h"

int main(unsigned int thread);

/* Wait for the consumer's acknowledgement of @seq: its bit on our doorbell. */
static int acknowledged(const struct cellinfo_channel *ch, unsigned int seq)
{
	unsigned int bits = 0;

	if (!ch->doorbell) /* no doorbell: records simply follow at a steady pace */
		return sys_sleep(STREAM_ACK_US * 1000ull / 16) == 0;
	while (sys_wait(ch->doorbell, &bits, STREAM_ACK_US) == 0)
		if (bits & 1u << (seq % 32))
			return 1;
	return 0;
}

static void send(const struct cellinfo_channel *ch, struct stream *s, unsigned int seq)
{
	for (unsigned int i = 0; i < STREAM_WORDS; i++)
		s->data[i] = stream_value(seq, i);
	s->sum = stream_sum(s->data);
	stream_barrier();
	s->seq = seq;
	do {
		if (ch->peer_doorbell)
			sys_signal(ch->peer_doorbell, 1);
	} while (!acknowledged(ch, seq));
}

int main(unsigned int thread)
{
	const struct cellinfo_channel *ch = cell_channel(1);

	if (thread) { /* one stream, one thread: the cell's other cores stay idle */
		printf("producer: thread %u on core %u: nothing to do\n", thread,
		       CELL_INFO->cores[thread]);
		return 0;
	}
	if (!ch) {
		printf("producer: no channel I may write\n");
		return 1;
	}
	printf("producer: run %u on core %u: channel %s to %s at 0x%08x, doorbell handles %u/%u\n",
	       CELL_INFO->run, CELL_INFO->cores[thread], ch->name, ch->peer, ch->addr, ch->doorbell,
	       ch->peer_doorbell);
	unsigned long long reported = counter_now();

	for (unsigned int seq = 1;; seq++) {
		send(ch, (struct stream *)ch->addr, seq);
		if (cell_report_due(&reported))
			printf("producer: sent %u\n", seq);
	}
}
