// SPDX-License-Identifier: MIT
/*
 * The consumer cell: takes the producer's records from the first channel it
 * may only read (the stream protocol, partition/stream/), checks each is the
 * next of the test pattern (pattern.h) and prints its progress once a
 * second (only while records come). It
 * first shows its devices work: a PL011's ID through the MMIO mapping, its
 * transmit interrupt through the notification the service wired. With
 * the boot argument cellarg=consumer:rowrite it writes to that channel after
 * a while, which its read-only mapping must refuse (a fault).
 */
#include "cell.h"
#include "pattern.h"
#include "stream.h"

#define ROWRITE_AFTER 200

/* PL011 registers, for the device test: a UART is what the default gives us. */
#define PL011_DR	 0x00
#define PL011_CR	 0x30
#define PL011_IMSC	 0x38
#define PL011_ICR	 0x44
#define PL011_PERIPH_ID0 0xfe0
#define PL011_ID	 0x11
#define PL011_CR_UARTEN	 (1u << 0)
#define PL011_CR_TXE	 (1u << 8)
#define PL011_INT_TX	 (1u << 5)
#define DEVICE_WAIT_US	 200000

int main(unsigned int thread);

static unsigned int received, bad;
static uint32_t last;
static unsigned long long reported; /* when the last progress line was printed */

static void ring_peer(void *ctx, uint32_t bits)
{
	const struct cellinfo_channel *ch = ctx;

	sys_signal(ch->peer_doorbell, bits);
}

/* Take the next record, or sleep until the producer rings. */
static void take(const struct cellinfo_channel *ch, struct stream_rx *rx)
{
	uint32_t record[STREAM_DEFAULT_SLOT / 4];
	unsigned int bits = 0;
	int len = stream_rx_recv(rx, record, sizeof(record));

	if (len == STREAM_EMPTY || len == STREAM_NO_LANE) {
		if (sys_wait(ch->doorbell, &bits, TIMEOUT_FOREVER) == 0)
			stream_bells(NULL, rx, bits);
		return;
	}
	if (len < 0 || len % 4 || !stream_pattern_ok(record, (size_t)len / 4) ||
	    (last && record[0] != last + 1 && record[0] != 1)) /* 1: the producer began again */
		bad++;
	if (len >= 4)
		last = record[0];
	received++;
	if (cell_report_due(&reported))
		printf("received %u, last seq %u, %u bad, %u lost, %u restarts\n", received,
		       (unsigned int)last, bad, (unsigned int)rx->stats.lost,
		       (unsigned int)rx->stats.restarts);
}

/* A PL011's transmit interrupt, raised by sending one byte: delivered to our notification? */
static void uart_interrupt(const struct cellinfo_device *d)
{
	volatile unsigned int *uart = (volatile unsigned int *)d->addr;
	unsigned int bits = 0;
	int err, ack;

	uart[PL011_CR / 4] = PL011_CR_UARTEN | PL011_CR_TXE;
	uart[PL011_IMSC / 4] = PL011_INT_TX;
	uart[PL011_DR / 4] = '\n';
	err = sys_wait(d->notify, &bits, DEVICE_WAIT_US);
	uart[PL011_IMSC / 4] = 0;
	uart[PL011_ICR / 4] = PL011_INT_TX;
	ack = sys_irq_ack(d->irqs[0]);
	printf("%s interrupt %u: %s, bits 0x%x, acknowledged: %s\n", d->name, d->irq_ids[0],
	       err_name(err), bits, err_name(ack));
}

static void show_devices(void)
{
	for (unsigned int i = 0; i < CELL_INFO->device_count; i++) {
		const struct cellinfo_device *d = &CELL_INFO->devices[i];
		volatile const unsigned int *id =
			(const unsigned int *)(d->addr + PL011_PERIPH_ID0);

		printf("device %s at 0x%08x, peripheral id 0x%02x, %u interrupts\n", d->name,
		       d->addr, id[0] & 0xff, d->irq_count);
		if ((id[0] & 0xff) == PL011_ID && d->irq_count)
			uart_interrupt(d);
	}
}

int main(unsigned int thread)
{
	const struct cellinfo_channel *ch = cell_channel(0);
	struct stream_rx rx;
	int rowrite = strcmp(CELL_INFO->arg, "rowrite") == 0;

	if (thread) { /* one stream, one thread: the cell's other cores stay idle */
		printf("thread %u on core %u: nothing to do\n", thread, CELL_INFO->cores[thread]);
		return 0;
	}
	if (!ch) {
		printf("no channel to read\n");
		return 1;
	}
	printf("run %u on core %u: channel %s from %s at 0x%08x (read-only)\n", CELL_INFO->run,
	       CELL_INFO->cores[thread], ch->name, ch->peer, ch->addr);
	show_devices();
	if (!ch->doorbell) {
		printf("channel %s has no doorbell: nothing will come\n", ch->name);
		return 0;
	}
	reported = counter_now();
	stream_rx_start(&rx, (const void *)(ch->addr + ch->rx_offset), ch->rx_size, ring_peer,
			(void *)ch);
	for (;;) {
		take(ch, &rx);
		if (rowrite && received == ROWRITE_AFTER) {
			printf("writing to read-only channel %s at 0x%08x\n", ch->name, ch->addr);
			*(volatile unsigned int *)ch->addr = 0;
			printf("the write to a read-only channel went through\n");
			rowrite = 0;
		}
	}
}
