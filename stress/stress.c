// SPDX-License-Identifier: MIT
/*
 * Cross-core IPC stress, run by the root task when booted with `stress`
 * (`stress_ms=N` how long, `stress_seed=N` the seed). For every ordered
 * pair of cores (s, d): a client on s calls and sends to a server on d
 * with random lengths (up to IPC_MSG_MAX words) and random timeouts, and
 * a notifier on s plays signal ping-pong with a waiter on d. Every message
 * carries its channel, a sequence number and a checksum; the server checks
 * them in order, so a lost, duplicated, reordered or corrupted message is
 * counted, and a reply is checked by the client. A mover thread moves
 * clients and servers between cores at random; a watchdog names any thread
 * that stops making progress. The last line is the summary the host reads.
 */
#include <shared/bootargs.h>
#include <shared/string.h>

#include <cella/lib.h>

#include "churn.h"
#include "root/root.h"
#include "stress.h"

#define MAXC	     4
#define PAIRS	     (MAXC * (MAXC - 1))
#define ROLES	     4 /* client, server, notifier, waiter */
#define WORKER_PRIO  50
#define CONTROL_PRIO 120
#define STACK_SIZE   4096
#define AREA_ADDR    (USER_BASE + 0x01000000) /* stacks and IPC buffers, in the root space */
#define WATCHDOG_MS  2000
#define LABEL_CALL   1
#define LABEL_SEND   2
#define MAX_TIMEOUT  2000 /* microseconds */

enum role { CLIENT, SERVER, NOTIFIER, WAITER };
static const char *const role_names[ROLES] = {"client", "server", "notifier", "waiter"};

/* One channel: written by its threads, read by the root task at the end. */
struct channel {
	unsigned int src, dst; /* the cores it was made for */
	handle_t ep, note_fwd, note_back;
	handle_t thread[ROLES];
	volatile unsigned int progress[ROLES]; /* bumped by each operation */
	volatile unsigned int where[ROLES];    /* the core the mover last sent it to */
	/* client side */
	unsigned int seq;	/* next sequence number to send */
	unsigned int delivered; /* calls and sends that returned 0 */
	unsigned int calls, sends, timeouts, bad_replies;
	/* server side */
	unsigned int expected; /* next sequence number due */
	unsigned int received, lost, duplicated, reordered, corrupted;
	/* notifications */
	volatile unsigned int ping, pong;
	unsigned int signals, backwards;
};

static struct channel chan[PAIRS];
static unsigned int nchan, seed, inject;
static volatile int stopping;

/* Word @i of message @seq on channel @c: anything the receiver can recompute. */
static unsigned int payload(unsigned int c, unsigned int seq, unsigned int i)
{
	return (c * 0x9e3779b9u) ^ (seq * 0x85ebca6bu) ^ (i * 0xc2b2ae35u);
}

static unsigned int checksum(const unsigned int *w, unsigned int n)
{
	unsigned int sum = 0x12345678;

	for (unsigned int i = 0; i < n; i++)
		sum = (sum ^ w[i]) * 0x01000193u;
	return sum;
}

static struct ipc_buffer *buffer_of(unsigned int c, enum role r)
{
	return (struct ipc_buffer *)(AREA_ADDR + (c * ROLES + r) * 2 * STACK_SIZE + STACK_SIZE);
}

static void *stack_top(unsigned int c, enum role r)
{
	return (void *)(AREA_ADDR + (c * ROLES + r) * 2 * STACK_SIZE + STACK_SIZE);
}

/* Build message @seq of @len words for channel @c: words in @w (registers and buffer). */
static unsigned int build(unsigned int c, unsigned int seq, unsigned int len, unsigned int *w)
{
	w[0] = c;
	w[1] = seq;
	w[2] = len;
	for (unsigned int i = 4; i < len; i++)
		w[i] = payload(c, seq, i);
	w[3] = 0;
	w[3] = checksum(w, len < 4 ? 4 : len);
	return w[3];
}

/*
 * stress_inject=1 (to show the checker works): channel 0's client breaks
 * three messages on purpose, once each: sequence number 100 skipped, 200
 * sent twice, and a word of message 300 corrupted. The summary must count
 * one lost, one duplicated and one corrupted.
 */
static unsigned int sabotaged;

static void skip_or_repeat(struct channel *ch)
{
	if (ch == &chan[0] && ch->seq == 100 && !(sabotaged & 1)) {
		sabotaged |= 1;
		ch->seq = 101;
	} else if (ch == &chan[0] && ch->seq == 200 && !(sabotaged & 2)) {
		sabotaged |= 2;
		ch->seq = 199;
	}
}

/*
 * Every try of message 300 until one is delivered: a try that times out is
 * never received, and the checker could not count it (seq stays 300 until
 * a try is delivered, and never comes back to it).
 */
static void corrupt(struct channel *ch, struct ipc_buffer *buf, unsigned int len, struct msg *m)
{
	if (ch == &chan[0] && ch->seq == 300) {
		if (len > 4)
			buf->mr[len - 1] ^= 1;
		else
			m->mr[2] ^= 1;
	}
}

static int one_message(struct channel *ch, unsigned int c, unsigned int *x)
{
	struct ipc_buffer *buf = buffer_of(c, CLIENT);
	unsigned int len = 4 + xorshift32(x) % (IPC_MSG_MAX - 3), w[IPC_MSG_MAX];
	unsigned int r = xorshift32(x), timeout = r % 8 == 0   ? TIMEOUT_NONE
						  : r % 8 == 1 ? TIMEOUT_FOREVER
							       : (r >> 8) % MAX_TIMEOUT + 1;
	int call = (r >> 4) & 1;
	unsigned int sum;

	if (inject)
		skip_or_repeat(ch);
	sum = build(c, ch->seq, len, w);
	struct msg m = {.info = IPC_INFO(call ? LABEL_CALL : LABEL_SEND, len),
			.mr = {w[0], w[1], w[2], w[3]}};
	int err;

	memcpy(&buf->mr[4], &w[4], (len - 4) * 4);
	if (inject)
		corrupt(ch, buf, len, &m);
	err = call ? sys_call(ch->ep, &m, timeout) : sys_send(ch->ep, &m, timeout);
	if (err == ERR_TIMEOUT) {
		ch->timeouts++;
		return 0;
	}
	if (err)
		return err;
	ch->seq++;
	ch->delivered++;
	if (call) {
		ch->calls++;
		ch->bad_replies += m.mr[0] != w[1] || m.mr[1] != sum;
	} else {
		ch->sends++;
	}
	return 0;
}

/* Wait until another thread has published *@h (it makes it on its own core). */
static handle_t await(volatile handle_t *h)
{
	while (!__atomic_load_n(h, __ATOMIC_ACQUIRE))
		sys_sleep(MS / 10);
	return *h;
}

/* Make an object on this thread's core (its home) and publish its handle. */
static void publish(volatile handle_t *h, int made)
{
	if (made < 0)
		printf("stress: cannot make an object: %s\n", err_name(made));
	__atomic_store_n(h, (handle_t)(made < 0 ? 0 : made), __ATOMIC_RELEASE);
}

static void client_main(unsigned int c)
{
	struct channel *ch = &chan[c];
	unsigned int x = seed ^ (c + 1) * 0x27d4eb2du;
	int err = 0;

	await(&ch->ep);
	while (!stopping && !err) {
		err = one_message(ch, c, &x);
		ch->progress[CLIENT]++;
	}
	if (err)
		printf("stress: client %u->%u: unexpected %s\n", ch->src, ch->dst, err_name(err));
	sys_thread_exit();
}

/* Check message @w (@len words) against what channel @ch expects next. */
static void check(struct channel *ch, unsigned int c, unsigned int *w, unsigned int len)
{
	unsigned int sum = w[3], seq = w[1];

	w[3] = 0;
	if (w[0] != c || w[2] != len || checksum(w, len) != sum) {
		ch->corrupted++;
		return;
	}
	for (unsigned int i = 4; i < len; i++)
		if (w[i] != payload(c, seq, i)) {
			ch->corrupted++;
			return;
		}
	ch->received++;
	if (seq == ch->expected) {
		ch->expected++;
	} else if (seq > ch->expected) {
		ch->lost += seq - ch->expected;
		ch->expected = seq + 1;
	} else if (seq + 1 == ch->expected) {
		ch->duplicated++;
	} else {
		ch->reordered++;
	}
}

static void server_main(unsigned int c)
{
	struct channel *ch = &chan[c];
	struct ipc_buffer *buf = buffer_of(c, SERVER);
	struct msg m = {0};
	int err;

	publish(&ch->ep, sys_endpoint_create());
	err = sys_recv(ch->ep, &m, TIMEOUT_FOREVER);
	while (!err) {
		unsigned int len = m.info & IPC_LEN_MASK, w[IPC_MSG_MAX];

		w[0] = m.mr[0], w[1] = m.mr[1], w[2] = m.mr[2], w[3] = m.mr[3];
		if (m.info & IPC_TRUNCATED || len < 4) {
			ch->corrupted++;
		} else {
			memcpy(&w[4], &buf->mr[4], (len - 4) * 4);
			check(ch, c, w, len);
		}
		ch->progress[SERVER]++;
		if (IPC_LABEL(m.info) == LABEL_CALL) {
			m = (struct msg){.info = IPC_INFO(0, 2), .mr = {m.mr[1], m.mr[3]}};
			err = sys_reply_recv(ch->ep, &m, TIMEOUT_FOREVER);
		} else {
			err = sys_recv(ch->ep, &m, TIMEOUT_FOREVER);
		}
	}
	printf("stress: server %u->%u: unexpected %s\n", ch->src, ch->dst, err_name(err));
	sys_thread_exit();
}

/* Signal ping-pong: ping is published before the signal, pong before the answer. */
static void notifier_main(unsigned int c)
{
	struct channel *ch = &chan[c];
	unsigned int bits, x = seed ^ (c + 7) * 0x165667b1u;

	publish(&ch->note_back, sys_notify_create());
	await(&ch->note_fwd);
	while (!stopping) {
		unsigned int next = ch->ping + 1;

		__atomic_store_n(&ch->ping, next, __ATOMIC_RELEASE);
		sys_signal(ch->note_fwd, 1u << (xorshift32(&x) % 32));
		ch->signals++;
		/* No timeout: a lost wake-up leaves it stuck, and the watchdog says so. */
		while (!stopping && __atomic_load_n(&ch->pong, __ATOMIC_ACQUIRE) != next)
			sys_wait(ch->note_back, &bits, TIMEOUT_FOREVER);
		ch->progress[NOTIFIER]++;
	}
	sys_thread_exit();
}

static void waiter_main(unsigned int c)
{
	struct channel *ch = &chan[c];
	unsigned int bits, seen = 0;

	publish(&ch->note_fwd, sys_notify_create());
	await(&ch->note_back);
	while (!stopping) {
		int err = sys_wait(ch->note_fwd, &bits, TIMEOUT_FOREVER);
		unsigned int ping = __atomic_load_n(&ch->ping, __ATOMIC_ACQUIRE);

		if (err || bits == 0)
			ch->backwards++; /* woken with nothing, or an error: a notification bug */
		if (ping < seen)
			ch->backwards++;
		seen = ping;
		if (ping != ch->pong) {
			__atomic_store_n(&ch->pong, ping, __ATOMIC_RELEASE);
			sys_signal(ch->note_back, 1);
		}
		ch->progress[WAITER]++;
	}
	sys_thread_exit();
}

static void (*const mains[ROLES])(unsigned int) = {client_main, server_main, notifier_main,
						   waiter_main};

/* Make and start the four threads of channel @c between cores @s and @d. */
static int make_channel(unsigned int c, unsigned int s, unsigned int d)
{
	const unsigned int core[ROLES] = {s, d, s, d};
	struct channel *ch = &chan[c];

	ch->src = s;
	ch->dst = d;
	for (int r = 0; r < ROLES; r++) {
		int t = sys_thread_create(boot_info->self_space, core[r], WORKER_PRIO, WORKER_PRIO);

		if (t < 0)
			return t;
		ch->thread[r] = (handle_t)t;
		ch->where[r] = core[r];
		if (sys_thread_set_ipc_buffer(t, buffer_of(c, r)) ||
		    sys_thread_start(t, mains[r], stack_top(c, r), c))
			return ERR_INVALID;
	}
	return 0;
}

static void mover_main(unsigned int cores)
{
	unsigned int x = seed ^ 0xabcdef01u;

	while (!stopping) {
		unsigned int c = xorshift32(&x) % nchan, r = xorshift32(&x) % ROLES,
			     to = xorshift32(&x) % cores;

		if (sys_thread_move(chan[c].thread[r], to) == 0)
			chan[c].where[r] = to;
		sys_sleep(MS / 2 + xorshift32(&x) % MS);
	}
	sys_thread_exit();
}

/* Threads whose progress counter has not moved for WATCHDOG_MS; each named once. */
static unsigned int watch(unsigned int *last, unsigned int *still, unsigned int ms)
{
	unsigned int stuck = 0;

	for (unsigned int i = 0; i < nchan * ROLES; i++) {
		struct channel *ch = &chan[i / ROLES];
		unsigned int r = i % ROLES, p = ch->progress[r];

		if (p != last[i]) {
			last[i] = p;
			still[i] = 0;
			continue;
		}
		still[i] += ms;
		if (still[i] >= WATCHDOG_MS && still[i] < WATCHDOG_MS + ms)
			printf("stress: stuck: %s of cpu%u->cpu%u, last sent to cpu%u, "
			       "%u operations\n",
			       role_names[r], ch->src, ch->dst, ch->where[r], p);
		stuck += still[i] >= WATCHDOG_MS;
	}
	return stuck;
}

static void report(unsigned int stuck)
{
	unsigned int msgs = 0, lost = 0, dup = 0, reord = 0, corrupt = 0;

	for (unsigned int c = 0; c < nchan; c++) {
		struct channel *ch = &chan[c];
		unsigned int missing =
			ch->delivered > ch->expected ? ch->delivered - ch->expected : 0;

		printf("stress: cpu%u->cpu%u: %u calls, %u sends, %u signals, %u timeouts\n",
		       ch->src, ch->dst, ch->calls, ch->sends, ch->signals, ch->timeouts);
		msgs += ch->delivered + ch->signals;
		lost += ch->lost + missing;
		dup += ch->duplicated;
		reord += ch->reordered;
		corrupt += ch->corrupted + ch->bad_replies + ch->backwards;
	}
	printf("stress: %u messages, %u lost, %u duplicated, %u reordered, %u corrupted, "
	       "%u stuck\n",
	       msgs, lost, dup, reord, corrupt, stuck);
}

void stress_run(void)
{
	unsigned int cores = boot_info->cores > MAXC ? MAXC : boot_info->cores;
	unsigned int ms = bootarg_u32("stress_ms", 2000), step = 50, stuck = 0,
		     churn = bootarg_u32("stress_churn", 0);
	static unsigned int last[PAIRS * ROLES], still[PAIRS * ROLES];

	seed = bootarg_u32("stress_seed", 1) | 1;
	inject = bootarg_u32("stress_inject", 0);
	printf("stress: seed %u, %u ms, %u cores\n", seed, ms, cores);
	if (sys_memory_map(boot_info->self_space, carve(PAIRS * ROLES * 2 * STACK_SIZE), AREA_ADDR,
			   RIGHT_READ | RIGHT_WRITE)) {
		printf("stress: cannot map the stacks\n");
		return;
	}
	for (unsigned int s = 0; s < cores; s++)
		for (unsigned int d = 0; d < cores; d++)
			if (s != d && make_channel(nchan++, s, d)) {
				printf("stress: cannot start channel cpu%u->cpu%u\n", s, d);
				return;
			}
	if (cores > 1)
		spawn_on(0, mover_main, CONTROL_PRIO - 1, cores);
	if (churn && churn_start(cores, seed)) {
		printf("stress: cannot start the churn\n");
		return;
	}
	for (unsigned int t = 0; t < ms; t += step) {
		sys_sleep(step * MS);
		stuck = watch(last, still, step);
	}
	stopping = 1;
	for (unsigned int c = 0; c < nchan; c++) { /* release the forever-waiters */
		sys_signal(chan[c].note_fwd, 1);
		sys_signal(chan[c].note_back, 1);
	}
	sys_sleep(100 * MS); /* the servers check what is still in flight */
	if (churn)
		stuck += churn_stop();
	report(stuck);
}
