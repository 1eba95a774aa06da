// SPDX-License-Identifier: MIT
/*
 * `cella-guest channel NAME send|recv|duplex|stats`: a Cella channel from
 * user space, through Linux's generic UIO driver (uio_pdrv_genirq, bound to
 * the device tree's "cella,channel" nodes): the UIO device named NAME has
 * the shared memory as map 0 and the doorbell page as map 1 (a write rings
 * the peer with the bits written, a read takes the bits the peer rang), and
 * its interrupt is the peer's ring. The lanes we write and read are the
 * node's cella,tx-lane and cella,rx-lane. Records follow the stream
 * protocol (partition/stream/) and carry the test pattern (pattern.h), so a
 * native producer feeds a Linux reader and Linux talks to Linux; a record
 * that is text (the RTOS's telemetry) is printed as it comes.
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
#include "pattern.h"
#include "stream.h"

#define UIO_CLASS     "/sys/class/uio"
#define CHANNEL_PAGE  4096
#define SHOWN_RECORDS 5	   /* records printed one by one, then a line a second */
#define QUIET_MS      5000 /* recv gives up after this long without a doorbell */
#define SLOT_SIZE     1024 /* bytes per ring slot of the lanes we write */
#define POLL_EVERY    16   /* records between looks at our doorbell */

struct channel {
	const char *name;
	char uio[16]; /* uioN */
	int fd;	      /* /dev/uioN: read waits for the interrupt, write 1 re-enables it */
	size_t size;
	uint8_t *mem;		 /* map 0: the shared memory */
	volatile uint32_t *bell; /* map 1: the doorbell page */
	uint32_t tx[2], rx[2];	 /* the lanes we write and read: offset, size (0: none) */
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

/* A property of two cells of the channel's device-tree node into @v; 0 if it is absent. */
static void lane(const struct channel *ch, const char *prop, uint32_t v[2])
{
	char path[128];
	uint8_t b[8];
	FILE *f;

	v[0] = v[1] = 0;
	snprintf(path, sizeof(path), UIO_CLASS "/%s/device/of_node/%s", ch->uio, prop);
	f = fopen(path, "rb");
	if (f && fread(b, 1, sizeof(b), f) == sizeof(b))
		for (int i = 0; i < 2; i++)
			v[i] = (uint32_t)b[4 * i] << 24 | b[4 * i + 1] << 16 | b[4 * i + 2] << 8 |
			       b[4 * i + 3];
	if (f)
		fclose(f);
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
	lane(ch, "cella,tx-lane", ch->tx);
	lane(ch, "cella,rx-lane", ch->rx);
	if (ch->tx[0] + (uint64_t)ch->tx[1] > ch->size ||
	    ch->rx[0] + (uint64_t)ch->rx[1] > ch->size) {
		fprintf(stderr, "channel %s: its lanes lie outside its %zu bytes\n", name,
			ch->size);
		return -1;
	}
	if (write && !ch->tx[1]) {
		fprintf(stderr, "channel %s: read-only on this side\n", name);
		return -1;
	}
	snprintf(path, sizeof(path), "/dev/%s", ch->uio);
	ch->fd = open(path, O_RDWR);
	if (ch->fd < 0) {
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

static void ring_peer(void *ctx, uint32_t bits)
{
	const struct channel *ch = ctx;

	*ch->bell = bits;
}

/*
 * Wait up to @ms (0: just look) for the peer's ring and hand what it rang
 * to @tx and @rx; 1 if it rang.
 */
static int take_bells(const struct channel *ch, struct stream_tx *tx, struct stream_rx *rx, int ms)
{
	struct pollfd p = {.fd = ch->fd, .events = POLLIN};
	uint32_t events;

	if (poll(&p, 1, ms) <= 0 || read(ch->fd, &events, sizeof(events)) != sizeof(events))
		return 0;
	irq_enable(ch);
	stream_bells(tx, rx, *ch->bell);
	return 1;
}

/* One direction's progress: records and bytes, and the reader's checks. */
struct flow {
	uint32_t records, target, last, bad, text;
	uint64_t bytes;
};

/* A record we received: the next of the pattern, or text to show, or bad. */
static void received(const struct channel *ch, struct flow *f, const uint32_t *rec, int len)
{
	int pattern = len > 0 && len % 4 == 0 && stream_pattern_ok(rec, (size_t)len / 4);
	const char *text = (const char *)rec;
	int printable = len > 0;

	for (int i = 0; i < len && printable; i++)
		printable = (text[i] >= ' ' && text[i] < 0x7f) || text[i] == '\n';
	if (pattern) {
		if (f->records && rec[0] != f->last + 1 &&
		    rec[0] != 1) /* 1: the writer began again */
			f->bad++;
		f->last = rec[0];
	} else if (printable) {
		printf("channel %s: %.*s\n", ch->name, len - (text[len - 1] == '\n'), text);
		f->text++;
	} else {
		f->bad++;
	}
	f->records++;
	f->bytes += (unsigned int)len;
	if (pattern && f->records <= SHOWN_RECORDS)
		printf("channel %s: record %u: %d bytes, good\n", ch->name, rec[0], len);
}

static void print_flow(const struct channel *ch, const char *what, const struct flow *f,
		       const struct stream_stats *s, uint64_t ns)
{
	printf("channel %s: %s %u records, %llu bytes in %llu ms, last %u, %u bad, %u lost, "
	       "%u restarts, %u doorbells\n",
	       ch->name, what, f->records, (unsigned long long)f->bytes,
	       (unsigned long long)(ns / 1000000), f->last, f->bad + s->bad, s->lost, s->restarts,
	       s->rings);
}

/*
 * Send @out->target records (0: none) and receive @in->target (0: until the
 * writer has been quiet QUIET_MS), at once: one loop serves both lanes.
 */
static void run(const struct channel *ch, struct stream_tx *tx, struct flow *out,
		struct stream_rx *rx, struct flow *in, uint64_t start)
{
	uint32_t rec[SLOT_SIZE / 4];
	size_t words = tx ? stream_tx_max(tx) / 4 : 0;
	uint64_t reported = start;

	for (unsigned int n = 0;; n++) {
		int busy = 0, len;

		if (tx && out->records < out->target) {
			stream_pattern_fill(rec, words, out->records + 1);
			if (stream_tx_send(tx, rec, words * 4) == STREAM_OK) {
				out->records++;
				out->bytes += words * 4;
				out->last = out->records;
				busy = 1;
			}
		}
		if (rx && (!in->target || in->records < in->target) &&
		    (len = stream_rx_recv(rx, rec, sizeof(rec))) != STREAM_EMPTY &&
		    len != STREAM_NO_LANE) {
			if (len >= 0)
				received(ch, in, rec, len);
			busy = 1;
		}
		if ((!tx || out->records >= out->target) &&
		    (!rx || (in->target && in->records >= in->target)))
			break;
		if (busy && n % POLL_EVERY)
			continue;
		if (!take_bells(ch, tx, rx, busy ? 0 : QUIET_MS) && !busy) {
			printf("channel %s: no doorbell for %u ms\n", ch->name, QUIET_MS);
			break;
		}
		if (rx && now_ns() - reported >= 1000000000u) {
			reported = now_ns();
			print_flow(ch, "received", in, &rx->stats, reported - start);
		}
	}
	if (tx)
		stream_tx_flush(tx); /* our last records, to a reader whose WAIT we did not take */
}

static int stats_main(struct channel *ch)
{
	const struct stream_lane *tx = (const void *)(ch->mem + ch->tx[0]);
	const struct stream_lane *rx = (const void *)(ch->mem + ch->rx[0]);
	char peer[64] = "?", events[32] = "?";

	uio_attr(ch, "device/of_node/cella,peer", peer, sizeof(peer));
	uio_attr(ch, "event", events, sizeof(events));
	printf("channel %s: %s, %zu bytes, %s, peer %s, %s interrupts\n", ch->name, ch->uio,
	       ch->size, ch->tx[1] ? "rw" : "ro", peer, events);
	if (ch->tx[1])
		printf("channel %s: we write %u bytes at +%u: epoch %u, %u records, %u acknowledged\n",
		       ch->name, ch->tx[1], ch->tx[0], tx->magic == STREAM_MAGIC ? tx->epoch : 0,
		       tx->head, tx->acked);
	if (ch->rx[1])
		printf("channel %s: we read %u bytes at +%u: epoch %u, %u records, %u acknowledged\n",
		       ch->name, ch->rx[1], ch->rx[0], rx->magic == STREAM_MAGIC ? rx->epoch : 0,
		       rx->head, rx->acked);
	return 0;
}

static const char usage[] =
	"usage: cella-guest channel NAME send COUNT | recv [COUNT] | duplex COUNT | stats\n";

int channel_main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	uint32_t count = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 0) : 0;
	int send = !strcmp(cmd, "send") || !strcmp(cmd, "duplex");
	int recv = !strcmp(cmd, "recv") || !strcmp(cmd, "duplex");
	struct flow out = {.target = count}, in = {.target = count};
	struct stream_tx tx;
	struct stream_rx rx;
	struct channel ch;
	uint64_t start;

	if ((!send && !recv && strcmp(cmd, "stats")) || (send && !count)) {
		fputs(usage, stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (channel_open(&ch, argv[0], send) < 0)
		return 1;
	if (!send && !recv)
		return stats_main(&ch);
	if (recv && !ch.rx[1]) {
		fprintf(stderr, "channel %s: the peer may not write: nothing to receive\n",
			ch.name);
		return 1;
	}
	irq_enable(&ch);
	if (send && stream_tx_start(&tx, ch.mem + ch.tx[0], ch.tx[1], SLOT_SIZE, ring_peer, &ch)) {
		fprintf(stderr, "channel %s: %u bytes are too few for a stream\n", ch.name,
			ch.tx[1]);
		return 1;
	}
	if (recv)
		stream_rx_start(&rx, ch.mem + ch.rx[0], ch.rx[1], ring_peer, &ch);
	start = now_ns();
	run(&ch, send ? &tx : NULL, &out, recv ? &rx : NULL, &in, start);
	if (send) {
		print_flow(&ch, "done: sent", &out, &tx.stats, now_ns() - start);
		/* What the reader has not acknowledged: taken or not, we cannot know. */
		printf("channel %s: %u records in flight (not acknowledged), epoch %u\n", ch.name,
		       stream_tx_in_flight(&tx), tx.epoch);
	}
	if (recv)
		print_flow(&ch, "done: received", &in, &rx.stats, now_ns() - start);
	return (send && out.records < out.target) ||
	       (recv && (!in.records || in.bad || rx.stats.bad || rx.stats.lost ||
			 (in.target && in.records < in.target)));
}
