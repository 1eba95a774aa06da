// SPDX-License-Identifier: MIT
/*
 * Telemetry to another guest: once a second, the status the console prints
 * (the same formatter: periods run, deadline misses, interrupt latency), as
 * one line of text, into the channel the device tree names "telemetry..."
 * (board.c), by the stream protocol (partition/stream/stream.h). In Linux,
 * `cella-guest channel telemetry recv` prints the lines.
 *
 * The RTOS never waits for the reader: when the ring is full (no reader, or
 * a slow one) the record is dropped and counted (the protocol's "full"
 * count, which the next record that goes through reports).
 *
 * The protocol asks a writer to take its doorbell whenever the peer rings.
 * The channel's interrupt (the peer rang) wakes the telemetry task, which
 * waits for that or for its next record; it reads the doorbell page (which
 * clears it) and hands the bits to the stream. So the writer's state has
 * one user, the task, and no interrupt is masked while a record is written
 * (about 110 counter ticks, 1.7 us: masking them would show in the timer's
 * latency; and in a Cella cell every virtual interrupt has the same
 * priority, so the channel's cannot be masked alone by priority).
 */
#include <stream.h>

#include <rtos/rtos.h>

#include <app/app.h>
#include <board/channel.h>
#include <board/gic.h>
#include <lib/print.h>

#define TELEMETRY_PRIO	   5	   /* above the background load (1), below the console (10) */
#define TELEMETRY_EVERY_US 1000000 /* a record a second */
#define TELEMETRY_SLOT	   384	   /* bytes a slot: a record of 10-digit figures fits (342) */
#define TELEMETRY_IRQ_PRIO 0xc0	   /* less urgent than the other interrupts */
#define TELEMETRY_STACK	   1024

static struct task telemetry_task;
static const struct channel *chan;
static struct stream_tx tx; /* the telemetry task's alone */
static struct sem rang;	    /* the peer rang since the task last looked */
static char record[TELEMETRY_SLOT - STREAM_RECORD_HDR];
TASK_STACK(telemetry_stack, TELEMETRY_STACK);

static void ring(void *ctx, uint32_t bits)
{
	channel_ring(ctx, bits);
}

static void doorbell_isr(void *arg)
{
	sem_give_isr(&rang); /* at most one: the doorbell page holds every bit rung meanwhile */
}

/* One record: the time since the start, the status, the records dropped so far (cut if need be). */
static void send(rtime_t start)
{
	uint32_t up = (uint32_t)((rtos_now() - start) / rtos_ticks_per_sec());
	size_t len = print_buf(record, sizeof(record), "rtos: up %u s, ", (unsigned)up);

	len += app_status_format(record + len, sizeof(record) - len, ", ");
	len += print_buf(record + len, sizeof(record) - len, ", dropped %u",
			 (unsigned)tx.stats.full);
	stream_tx_send(&tx, record, len); /* STREAM_FULL: dropped, counted in tx.stats.full */
}

/* A record when one is due, else the peer's bells as they come. */
static void telemetry_entry(void *arg)
{
	rtime_t start = rtos_now(), release = start + rtos_us(TELEMETRY_EVERY_US);

	for (;;) {
		rtime_t now = rtos_now();

		if (now >= release) {
			send(start);
			release += rtos_us(TELEMETRY_EVERY_US);
		} else if (sem_take(&rang, release - now) == 0) {
			stream_bells(&tx, NULL, channel_take(chan));
		}
	}
}

void telemetry_init(const struct board *b)
{
	chan = &b->telemetry;
	if (!chan->mem)
		return;
	if (!channel_map(chan) ||
	    stream_tx_start(&tx, channel_lane(chan), chan->tx_size, TELEMETRY_SLOT, ring,
			    (void *)chan) != STREAM_OK) {
		print("rtos: channel %s cannot carry telemetry (%u bytes at %08llx)\n", chan->name,
		      (unsigned)chan->tx_size, (unsigned long long)chan->mem);
		return;
	}
	sem_init(&rang, 0, 1);
	gic_attach(chan->irq, TELEMETRY_IRQ_PRIO, doorbell_isr, NULL);
	task_create(&telemetry_task, "telemetry", TELEMETRY_PRIO, telemetry_entry, NULL,
		    telemetry_stack, sizeof(telemetry_stack));
	print("rtos: telemetry on channel %s (%u-slot ring, virq %u)\n", chan->name,
	      (unsigned)(tx.mask + 1), chan->irq);
}
