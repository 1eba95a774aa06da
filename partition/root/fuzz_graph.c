// SPDX-License-Identifier: MIT
/*
 * The fuzzer's structure operations: where the random calls (fuzz.c) hit
 * each call alone, these build object graphs deep enough to reach the
 * kernel's teardown loops, then tear them down in a random order:
 *
 * - chains and cycles of fault handlers: each link a thread whose faults go
 *   to an endpoint the next link receives on, the links on random cores;
 * - a server moved between cores while threads on other cores call it;
 * - spaces made from split memory, with threads and objects inside, closed
 *   in any order against their threads; their memory is tried again later,
 *   which succeeds only once a space is destroyed with its last reference;
 * - the handle table filled to its last slot, the kernel-memory pool run
 *   dry, then freed and filled again.
 *
 * Every operation closes all it holds; the fuzzer's pool must then come
 * back to what it was (other cores free their objects a little later).
 * Every call the fuzzer makes has a bounded wait; the helper threads
 * (fuzz_threads.S) may wait for ever, until they are closed.
 *
 * On a board of one core (versatilepb) every thread is on that core: the
 * chains, spaces and fills are built and torn down as on four, and the
 * server is suspended, resumed and called, but never moved (move_thread()).
 */
#include <stdbool.h>

#include <cella/lib.h>
#include <cella/memory.h>

#include "fuzz.h"
#include "root.h"

#define MAX_LINKS	   120 /* two handles a link, in a table of 256 */
#define TABLE_SLOTS	   256 /* handle slots of a space (docs/syscalls.md) */
/* For other cores to free what the fuzzer closed: a chain of threads on every
 * core has been seen to take 75 ms to come back, under TCG on a busy host. */
#define KMEM_WAIT_MS	   2000
#define STIR_US		   2000
#define CHAIN_WAIT_US	   100000 /* for a fault to run through every link */
#define SPACE_PIECE_MIN	   (16u << 10)
#define SPACE_PIECE_STEPS  8 /* pieces of 16 KiB to 44 KiB, in 4 KiB steps */
#define SPACE_THREADS_MAX  4
#define SPACE_HANDLES_MAX  (4 + SPACE_THREADS_MAX)
#define SPACE_SUBQUOTA_MAX 2 /* spaces a sub-space may create in turn */

static unsigned int rnd(unsigned int *x, unsigned int n)
{
	return xorshift32(x) % n;
}

static unsigned int any_core(struct fuzz_state *st, unsigned int *x)
{
	return rnd(x, st->cores);
}

/*
 * Move thread @t to a random core. Counted only where there is another core:
 * on one the kernel accepts a move to the thread's own core and does nothing,
 * so the call is made (its checks are fuzzed) but no move is counted.
 */
static void move_thread(struct fuzz_state *st, unsigned int *x, handle_t t)
{
	if (fuzz_count(st, sys_thread_move(t, any_core(st, x))) == 0 && st->cores > 1)
		st->n.moves++;
}

/* Close @n handles of @h in a random order. */
static void close_all(struct fuzz_state *st, unsigned int *x, handle_t *h, unsigned int n)
{
	for (unsigned int i = n; i > 0; i--) {
		unsigned int k = rnd(x, i);
		handle_t c = h[k];

		h[k] = h[i - 1];
		if (fuzz_count(st, sys_handle_close(c)) < 0)
			st->n.close_failed++;
	}
}

static int kmem(struct fuzz_state *st)
{
	return fuzz_count(st, sys_kmem_available(st->space));
}

/* After a teardown: the pool is back to @before, once other cores have freed their part. */
static void expect_kmem_back(struct fuzz_state *st, int before)
{
	for (int i = 0; i < KMEM_WAIT_MS; i++) {
		if (kmem(st) >= before)
			return;
		fuzz_count(st, sys_sleep(MS));
	}
	st->n.kmem_lost++;
}

/* Let what was built run a moment: other cores carry chains and calls on. */
static void stir(struct fuzz_state *st, unsigned int *x)
{
	fuzz_count(st, sys_sleep(rnd(x, STIR_US) * 1000ull));
}

/* A helper thread of the fuzzer's space on a random core, started at @entry(@arg). */
static int helper(struct fuzz_state *st, unsigned int *x, handle_t space,
		  void (*entry)(unsigned int), unsigned int arg)
{
	int t = fuzz_count(st, sys_thread_create(space, any_core(st, x), HELPER_PRIO, HELPER_PRIO));

	if (t < 0)
		return t;
	if (fuzz_count(st, sys_thread_start(t, entry, 0, arg)) < 0) {
		fuzz_count(st, sys_handle_close(t));
		return ERR_STATE;
	}
	return t;
}

/*
 * Mostly undefined instructions; each other ending now and then. An exit
 * breaks the chain there, so only chains that @may_exit have exits.
 */
static unsigned int link_how(unsigned int *x, bool may_exit)
{
	unsigned int r = rnd(x, 100);

	return r < 2	? (may_exit ? LINK_EXIT : LINK_UNDEF)
	       : r < 6	? LINK_STOP
	       : r < 11 ? LINK_DATA
	       : r < 16 ? LINK_SYSCALL
			: LINK_UNDEF;
}

/* Up to @want links: endpoint h[2i], thread h[2i + 1] with that endpoint as fault handler. */
static unsigned int make_links(struct fuzz_state *st, unsigned int *x, handle_t *h,
			       unsigned int want)
{
	unsigned int n;

	for (n = 0; n < want; n++) {
		int ep = fuzz_count(st, sys_endpoint_create());
		int t = ep < 0 ? ep
			       : fuzz_count(st, sys_thread_create(st->space, any_core(st, x),
								  HELPER_PRIO, HELPER_PRIO));

		if (t < 0) {
			if (ep >= 0)
				fuzz_count(st, sys_handle_close(ep));
			break;
		}
		h[2 * n] = ep;
		h[2 * n + 1] = t;
		fuzz_count(st, sys_thread_set_fault_handler(t, ep));
	}
	return n;
}

/*
 * Link i receives on link i-1's fault endpoint; the first on the last's in a
 * cycle, on nothing otherwise (it faults at once and the chain runs). A cycle
 * runs from a message sent in from outside. Returns the endpoint where the
 * last fault will wait (nobody else receives there).
 */
static handle_t start_links(struct fuzz_state *st, unsigned int *x, const handle_t *h,
			    unsigned int n, bool cycle)
{
	unsigned int first = rnd(x, n), fire = rnd(x, n);
	bool may_exit = st->n.chains % 4 == 3;
	struct msg m = {0};

	for (unsigned int k = 0; k < n; k++) {
		unsigned int i = (first + k) % n;
		handle_t in = i ? h[2 * (i - 1)] : cycle ? h[2 * (n - 1)] : 0;

		fuzz_count(st, sys_thread_start(h[2 * i + 1], fuzz_link, 0,
						in | link_how(x, may_exit) << LINK_HOW_SHIFT));
	}
	if (!cycle)
		return h[2 * (n - 1)];
	fuzz_count(st, sys_send(h[2 * fire], &m, HELPER_WAIT_US));
	return h[2 * fire];
}

/*
 * Wait for the fault that ends the chain at @end: then it has run through
 * every link (unless one exited). Answer it as a handler may: resume (it
 * faults again), stop it, or leave it waiting until the teardown.
 */
static void await_end(struct fuzz_state *st, unsigned int *x, handle_t end)
{
	struct msg m = {0};

	if (fuzz_count(st, sys_recv(end, &m, CHAIN_WAIT_US)) < 0)
		return;
	st->n.chain_ends++;
	m = (struct msg){.info = IPC_INFO(0, 1),
			 .fault_reply = {.action = rnd(x, 2) ? FAULT_RESUME : FAULT_STOP}};
	if (rnd(x, 4))
		fuzz_count(st, sys_reply(&m));
}

/* Move a few links while faults travel the chain. */
static void move_links(struct fuzz_state *st, unsigned int *x, const handle_t *h, unsigned int n)
{
	for (unsigned int k = rnd(x, 4); k > 0; k--)
		move_thread(st, x, h[2 * rnd(x, n) + 1]);
}

void fuzz_chain(struct fuzz_state *st, unsigned int *x)
{
	handle_t h[2 * MAX_LINKS];
	bool cycle = st->n.chains % 2;
	int before = kmem(st);
	unsigned int n = make_links(st, x, h, 2 + rnd(x, MAX_LINKS - 1));

	if (n >= 2) {
		handle_t end = start_links(st, x, h, n, cycle);

		move_links(st, x, h, n);
		await_end(st, x, end);
		stir(st, x);
		st->n.chains++;
		st->n.cycles += cycle;
		st->n.links += n;
	}
	close_all(st, x, h, 2 * n);
	if (n >= 2)
		st->n.chains_torn++;
	expect_kmem_back(st, before);
}

/* One step of the server's life: moved, its callers moved, called, held, or left alone. */
static void move_step(struct fuzz_state *st, unsigned int *x, handle_t ep, const handle_t *t,
		      unsigned int n)
{
	struct msg m = {0};

	switch (rnd(x, 6)) {
	case 0:
	case 1:
		move_thread(st, x, t[0]);
		break;
	case 2:
		move_thread(st, x, t[rnd(x, n)]);
		break;
	case 3:
		/* It replies unless suspended, and only this thread suspends it. */
		if (fuzz_count(st, sys_call(ep, &m, HELPER_WAIT_US)) == 0)
			st->n.move_calls++;
		break;
	case 4:
		if (fuzz_count(st, sys_thread_suspend(t[0])) == 0) {
			fuzz_count(st, sys_yield());
			fuzz_count(st, sys_thread_resume(t[0]));
		}
		break;
	default:
		fuzz_count(st, sys_sleep(rnd(x, STIR_US / 4) * 1000ull));
	}
}

/* Server and callers on random cores; the server moved while they call it. */
void fuzz_move(struct fuzz_state *st, unsigned int *x)
{
	handle_t h[2 + FUZZ_CALLERS];
	unsigned int n = 0, callers = 1 + rnd(x, FUZZ_CALLERS);
	int before = kmem(st), ep = fuzz_count(st, sys_endpoint_create()), t;

	if (ep < 0)
		return;
	h[n++] = ep;
	if ((t = helper(st, x, st->space, fuzz_server, ep)) < 0)
		goto out;
	h[n++] = t;
	for (unsigned int i = 0; i < callers; i++) {
		st->callers[i] = (struct fuzz_caller){.ep = ep};
		if ((t = helper(st, x, st->space, fuzz_caller, (unsigned int)&st->callers[i])) > 0)
			h[n++] = t;
	}
	for (unsigned int r = 8 + rnd(x, 24); r > 0; r--)
		move_step(st, x, ep, h + 1, n - 1);
	for (unsigned int i = 0; i < callers; i++)
		st->n.move_calls += st->callers[i].calls;
out:
	close_all(st, x, h, n);
	expect_kmem_back(st, before);
}

/* A fresh piece of the fuzzer's memory for spaces, split off the top; 0 if none is left. */
static handle_t fresh_piece(struct fuzz_state *st, unsigned int *x)
{
	unsigned int size = SPACE_PIECE_MIN + rnd(x, SPACE_PIECE_STEPS) * PAGE_SIZE;
	int piece;

	if (st->spacemem_size < size + SPACE_PIECE_MIN)
		return 0;
	piece = fuzz_count(st, sys_memory_split(st->spacemem, st->spacemem_size - size));
	if (piece < 0)
		return 0;
	st->spacemem_size -= size;
	return piece;
}

/* Keep @mem to try again: a space once made of it may since have been destroyed. */
static void retire(struct fuzz_state *st, handle_t mem)
{
	unsigned int i = st->retired_next++ % FUZZ_RETIRED;

	if (st->retired[i])
		fuzz_count(st, sys_handle_close(st->retired[i]));
	st->retired[i] = mem;
}

/* A space from a retired piece when it is free again, else from a fresh one. */
static int new_space(struct fuzz_state *st, unsigned int *x, handle_t *mem)
{
	unsigned int i = rnd(x, FUZZ_RETIRED), spaces = rnd(x, SPACE_SUBQUOTA_MAX + 1);
	int s;

	if (st->retired[i]) {
		s = fuzz_count(st, sys_space_create(st->retired[i], spaces));
		if (s >= 0) {
			st->n.space_reused++;
			*mem = st->retired[i];
			st->retired[i] = 0;
			return s;
		}
		st->n.space_refused++;
	}
	*mem = fresh_piece(st, x);
	if (!*mem)
		return ERR_NO_MEMORY;
	s = fuzz_count(st, sys_space_create(*mem, spaces));
	if (s < 0) {
		st->n.space_dry += s == ERR_NO_MEMORY;
		fuzz_count(st, sys_handle_close(*mem));
	}
	return s;
}

/*
 * Threads in space @s: makers fill its table and pool from inside; links
 * receive on @ep_in (a handle in @s) and fault to @ep, so they serve each
 * other's faults. All are paid by the fuzzer's pool, their objects by @s's.
 */
static unsigned int space_threads(struct fuzz_state *st, unsigned int *x, handle_t s, handle_t ep,
				  int ep_in, int nf_in, handle_t *h)
{
	unsigned int n = 0;

	for (unsigned int k = 1 + rnd(x, SPACE_THREADS_MAX); k > 0; k--) {
		bool maker = rnd(x, 2) && nf_in > 0;
		int t = fuzz_count(st,
				   sys_thread_create(s, any_core(st, x), HELPER_PRIO, HELPER_PRIO));

		if (t < 0)
			break;
		h[n++] = t;
		fuzz_count(st, sys_thread_set_fault_handler(t, ep));
		fuzz_count(st,
			   sys_thread_start(t, maker ? fuzz_maker : fuzz_link, 0,
					    maker ? (unsigned int)nf_in
						  : (unsigned int)ep_in |
							    link_how(x, true) << LINK_HOW_SHIFT));
		st->n.space_threads++;
	}
	return n;
}

/* Poke the space's threads: bits for the makers, a message for a link. */
static void poke(struct fuzz_state *st, unsigned int *x, handle_t ep, handle_t nf)
{
	struct msg m = {0};

	fuzz_count(st, sys_signal(nf, xorshift32(x) | 1));
	fuzz_count(st, sys_send(ep, &m, rnd(x, 2) ? TIMEOUT_NONE : HELPER_WAIT_US));
}

/* The space's inside: the image to run, an endpoint and a notification, maybe itself. */
static void furnish(struct fuzz_state *st, unsigned int *x, handle_t s, handle_t ep, handle_t nf,
		    int *ep_in, int *nf_in)
{
	fuzz_count(st, sys_memory_map(s, st->image, ROOT_IMAGE_ADDR, RIGHT_READ | RIGHT_EXEC));
	*ep_in = fuzz_count(st, sys_handle_copy(ep, s, RIGHTS_ALL, xorshift32(x)));
	*nf_in = fuzz_count(st, sys_handle_copy(nf, s, RIGHTS_ALL, 0));
	/* A space holding a handle to itself: its last reference is its own. */
	if (rnd(x, 8) == 0)
		fuzz_count(st, sys_handle_copy(s, s, RIGHTS_ALL, 0));
}

void fuzz_space(struct fuzz_state *st, unsigned int *x)
{
	handle_t h[SPACE_HANDLES_MAX], mem;
	unsigned int n = 0;
	int s = new_space(st, x, &mem), ep, nf, ep_in, nf_in;

	if (s < 0)
		return;
	st->n.spaces++;
	h[n++] = s;
	if ((ep = fuzz_count(st, sys_endpoint_create())) < 0 ||
	    (nf = fuzz_count(st, sys_notify_create())) < 0)
		goto out;
	h[n++] = ep;
	h[n++] = nf;
	furnish(st, x, s, ep, nf, &ep_in, &nf_in);
	n += space_threads(st, x, s, ep, ep_in, nf_in, h + n);
	poke(st, x, ep, nf);
	stir(st, x);
	poke(st, x, ep, nf);
out:
	/* Half the time destroyed first: its table closes, so a handle to itself cannot keep it. */
	if (rnd(x, 2) && fuzz_count(st, sys_space_destroy(s)) == 0) {
		st->n.spaces_destroyed++;
		h[0] = h[--n];
	}
	close_all(st, x, h, n);
	st->n.spaces_closed++;
	retire(st, mem);
}

/* One more object of @kind (0 handle copies, 1 endpoints and notifications, 2 threads). */
static int fill_one(struct fuzz_state *st, unsigned int *x, unsigned int kind)
{
	switch (kind) {
	case 0:
		/* Without MANAGE: a copy the random calls may meet must not destroy its own space. */
		return fuzz_count(st, sys_handle_copy(st->space, st->space, RIGHT_READ, 0));
	case 1:
		return fuzz_count(st, rnd(x, 2) ? sys_endpoint_create() : sys_notify_create());
	default:
		/* Some threads run, on any core, and exit at once. */
		if (rnd(x, 4) == 0)
			return helper(st, x, st->space, fuzz_link, LINK_EXIT << LINK_HOW_SHIFT);
		return fuzz_count(st, sys_thread_create(st->space, any_core(st, x), HELPER_PRIO,
							HELPER_PRIO));
	}
}

/* Objects of @kind into h[*n..] until refused; true if refused for memory or slots. */
static bool fill_up(struct fuzz_state *st, unsigned int *x, unsigned int kind, handle_t *h,
		    unsigned int *n)
{
	int r = 0;

	while (*n < TABLE_SLOTS && (r = fill_one(st, x, kind)) > 0)
		h[(*n)++] = r;
	return r == ERR_NO_MEMORY;
}

/* Refused: was it the table (a copy costs no kernel memory) or the pool? */
static void note_refusal(struct fuzz_state *st)
{
	int probe = fuzz_count(st, sys_handle_copy(st->space, st->space, RIGHTS_ALL, 0));

	if (probe == ERR_NO_MEMORY) {
		st->n.table_full++;
		return;
	}
	st->n.kmem_dry++;
	if (probe > 0)
		fuzz_count(st, sys_handle_close(probe));
}

/* Fill the table or pool, free a random part, fill it again, free it all. */
void fuzz_fill(struct fuzz_state *st, unsigned int *x)
{
	handle_t h[TABLE_SLOTS];
	unsigned int n = 0, kind = st->n.fills++ % 3;
	int before = kmem(st);

	if (fill_up(st, x, kind, h, &n)) {
		note_refusal(st);
		unsigned int keep = rnd(x, n + 1);

		close_all(st, x, h + keep, n - keep);
		n = keep;
		fuzz_count(st, sys_sleep(MS)); /* other cores free their threads */
		if (fill_up(st, x, kind, h, &n) && n > keep)
			st->n.refills++;
	}
	close_all(st, x, h, n);
	expect_kmem_back(st, before);
}
