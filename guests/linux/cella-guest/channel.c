// SPDX-License-Identifier: MIT
/*
 * `cella-guest channel NAME send|recv|stats`: a Cella channel from user
 * space, through Linux's generic UIO driver (uio_pdrv_genirq, bound to the
 * device tree's "cella,channel" nodes): the UIO device named NAME has the
 * shared memory as map 0 and the doorbell page as map 1 (a write rings the
 * peer with the bits written, a read takes the bits the peer rang), and its
 * interrupt is the peer's ring. The records follow the native cells' stream
 * protocol (partition/cells/stream.h), so a native producer feeds a Linux
 * reader and a Linux writer a native consumer.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest.h"
#include "stream.h"

#define UIO_CLASS     "/sys/class/uio"
#define CHANNEL_PAGE  4096
#define SHOWN_RECORDS 5	   /* records printed one by one, then a line a second */
#define QUIET_MS      5000 /* recv gives up after this long without a doorbell */
#define ACK_MS	      (STREAM_ACK_US / 1000)

struct channel {
	const char *name;
	char uio[16]; /* uioN */
	int fd;	      /* /dev/uioN: read waits for the interrupt, write 1 re-enables it */
	int writable;
	size_t size;
	struct stream *mem;	 /* map 0: the record */
	volatile uint32_t *bell; /* map 1: the doorbell page */
};

/* The first line of @path into @buf; 0, or -1 if it cannot be read. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	int ok = f && fgets(buf, (int)len, f);

	if (f)
		fclose(f);
	if (!ok)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* A file of the UIO device, or of its device-tree node, as text into @buf. */
static int uio_attr(const struct channel *ch, const char *attr, char *buf, size_t len)
{
	char path[128];

	snprintf(path, sizeof(path), UIO_CLASS "/%s/%s", ch->uio, attr);
	return read_line(path, buf, len);
}

/* The uioN whose name is @ch->name into @ch->uio; 0, or -1 if there is none. */
static int find_uio(struct channel *ch)
{
	DIR *d = opendir(UIO_CLASS);
	struct dirent *e;
	char name[64];
	int found = -1;

	while (d && found && (e = readdir(d))) {
		if (strncmp(e->d_name, "uio", 3) || strlen(e->d_name) >= sizeof(ch->uio))
			continue;
		strcpy(ch->uio, e->d_name);
		if (uio_attr(ch, "name", name, sizeof(name)) == 0 && !strcmp(name, ch->name))
			found = 0;
	}
	if (d)
		closedir(d);
	return found;
}

static void *map(const struct channel *ch, int index, size_t size, int prot)
{
	void *p = mmap(NULL, size, prot, MAP_SHARED, ch->fd, (off_t)index * CHANNEL_PAGE);

	return p == MAP_FAILED ? NULL : p;
}

static int channel_open(struct channel *ch, const char *name, int write)
{
	char path[64], text[64];

	*ch = (struct channel){.name = name, .fd = -1};
	if (find_uio(ch) < 0) {
		fprintf(stderr, "channel %s: no UIO device of that name\n", name);
		return -1;
	}
	if (uio_attr(ch, "maps/map0/size", text, sizeof(text)) < 0)
		return -1;
	ch->size = strtoul(text, NULL, 0);
	ch->writable = uio_attr(ch, "device/of_node/cella,access", text, sizeof(text)) == 0 &&
		       !strcmp(text, "rw");
	if (write && !ch->writable) {
		fprintf(stderr, "channel %s: read-only on this side\n", name);
		return -1;
	}
	snprintf(path, sizeof(path), "/dev/%s", ch->uio);
	ch->fd = open(path, O_RDWR);
	if (ch->fd < 0 || ch->size < sizeof(struct stream)) {
		fprintf(stderr, "channel %s: %s: %s\n", name, path, strerror(errno));
		return -1;
	}
	ch->mem = map(ch, 0, ch->size, PROT_READ | (write ? PROT_WRITE : 0));
	ch->bell = map(ch, 1, CHANNEL_PAGE, PROT_READ | PROT_WRITE);
	if (!ch->mem || !ch->bell) {
		fprintf(stderr, "channel %s: cannot map %s: %s\n", name, path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Re-enable the interrupt (uio_pdrv_genirq disables it at each one). */
static void irq_enable(const struct channel *ch)
{
	uint32_t one = 1;

	if (write(ch->fd, &one, sizeof(one)) != sizeof(one))
		perror("channel: re-enabling the interrupt");
}

/* Wait up to @ms for the peer's ring: 1 if it rang (re-enabled), 0 if not. */
static int wait_ring(const struct channel *ch, int ms)
{
	struct pollfd p = {.fd = ch->fd, .events = POLLIN};
	uint32_t events;

	if (poll(&p, 1, ms) <= 0 || read(ch->fd, &events, sizeof(events)) != sizeof(events))
		return 0;
	irq_enable(ch);
	return 1;
}

struct counts {
	unsigned int records, bad, gaps, rings, last;
};

static void print_counts(const struct channel *ch, const struct counts *c, const char *what)
{
	char events[32] = "?";

	uio_attr(ch, "event", events, sizeof(events));
	printf("channel %s: %s %u, last seq %u, %u bad, %u missing, %u doorbells, %s interrupts\n",
	       ch->name, what, c->records, c->last, c->bad, c->gaps, c->rings, events);
	fflush(stdout);
}

/* The record now in the shared memory: checked, counted and acknowledged. */
static void take(const struct channel *ch, struct counts *c)
{
	const volatile struct stream *s = ch->mem;
	unsigned int data[STREAM_WORDS], seq = s->seq, sum;
	int ok = 1;

	stream_barrier();
	for (int i = 0; i < STREAM_WORDS; i++) {
		data[i] = s->data[i];
		ok &= data[i] == stream_value(seq, (unsigned int)i);
	}
	sum = s->sum;
	ok &= sum == stream_sum(data);
	*ch->bell = 1u << (seq % 32); /* the acknowledgement the producer waits for */
	if (!seq || seq == c->last)
		return;
	if (c->last && seq > c->last + 1)
		c->gaps += seq - c->last - 1;
	c->last = seq;
	c->records++;
	c->bad += !ok;
	if (c->records <= SHOWN_RECORDS)
		printf("channel %s: record %u: checksum 0x%08x %s\n", ch->name, seq, sum,
		       ok ? "good" : "BAD");
}

static int recv_main(struct channel *ch, unsigned int count)
{
	struct counts c = {0};
	uint64_t reported = now_ns();

	irq_enable(ch);
	take(ch, &c); /* a record already there, rung before we listened */
	while (!count || c.records < count) {
		if (!wait_ring(ch, QUIET_MS)) {
			printf("channel %s: no doorbell for %u ms\n", ch->name, QUIET_MS);
			break;
		}
		c.rings++;
		take(ch, &c);
		if (now_ns() - reported >= 1000000000u) {
			reported = now_ns();
			print_counts(ch, &c, "received");
		}
	}
	print_counts(ch, &c, "done: received");
	return c.records && !c.bad && !c.gaps && (!count || c.records >= count) ? 0 : 1;
}

/* Whether the peer acknowledged @seq: its bit among those it rang. */
static int acknowledged(const struct channel *ch, unsigned int seq)
{
	for (uint64_t start = now_ns(); now_ns() - start < ACK_MS * 1000000ull;)
		if (wait_ring(ch, ACK_MS) && (*ch->bell & 1u << (seq % 32)))
			return 1;
	return 0;
}

static int send_main(struct channel *ch, unsigned int count)
{
	struct stream *s = ch->mem;
	struct counts c = {0};

	irq_enable(ch);
	for (unsigned int seq = s->seq + 1; !count || c.records < count; seq++) {
		for (unsigned int i = 0; i < STREAM_WORDS; i++)
			s->data[i] = stream_value(seq, i);
		s->sum = stream_sum(s->data);
		stream_barrier();
		s->seq = seq;
		do {
			*ch->bell = 1;
			c.rings++;
		} while (!acknowledged(ch, seq));
		c.records++;
		c.last = seq;
	}
	print_counts(ch, &c, "done: sent");
	return 0;
}

static int stats_main(struct channel *ch)
{
	char peer[64] = "?", events[32] = "?";

	uio_attr(ch, "device/of_node/cella,peer", peer, sizeof(peer));
	uio_attr(ch, "event", events, sizeof(events));
	printf("channel %s: %s, %zu bytes, %s, peer %s, last seq %u, %s interrupts\n", ch->name,
	       ch->uio, ch->size, ch->writable ? "rw" : "ro", peer, ch->mem->seq, events);
	return 0;
}

int channel_main(int argc, char **argv)
{
	struct channel ch;
	unsigned int count = argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 0) : 0;
	int send = argc > 1 && !strcmp(argv[1], "send");

	if (argc < 2 ||
	    (strcmp(argv[1], "send") && strcmp(argv[1], "recv") && strcmp(argv[1], "stats"))) {
		fprintf(stderr, "usage: cella-guest channel NAME send|recv [COUNT] | stats\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (channel_open(&ch, argv[0], send) < 0)
		return 1;
	if (send)
		return send_main(&ch, count);
	return !strcmp(argv[1], "recv") ? recv_main(&ch, count) : stats_main(&ch);
}
