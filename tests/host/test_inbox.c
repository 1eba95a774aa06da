// SPDX-License-Identifier: MIT
/*
 * Unit tests of a core's inbox (kernel/include/inbox.h, kernel/smp/inbox.c)
 * on one thread: who rings the doorbell, what a drain serves, what it
 * defers. Rings are counters here; test_ring_threads drives the same code
 * with real rings and threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <inbox.h>

#define SOURCES 4

static struct inbox in;
static unsigned int waiting[SOURCES]; /* requests in the ring from each source */
static unsigned int handled[SOURCES];
static int post_during_take = -1; /* a source that posts while the drain takes */
static bool rang_during_take;

/* A producer: a request in the ring from @src, then the post. */
static bool send(unsigned int src)
{
	waiting[src]++;
	return inbox_post(&in, src);
}

static unsigned int take(void *ctx, unsigned int src, unsigned int max)
{
	unsigned int n = waiting[src] < max ? waiting[src] : max;

	waiting[src] -= n;
	handled[src] += n;
	if (post_during_take >= 0) {
		rang_during_take = send((unsigned int)post_during_take);
		post_during_take = -1;
	}
	return n;
}

static bool empty(void *ctx, unsigned int src)
{
	return !waiting[src];
}

static void pass(void *ctx)
{
}

static const struct inbox_ops ops = {.take = take, .empty = empty, .pass = pass};

static int setup(void **state)
{
	in.word = 0;
	for (unsigned int s = 0; s < SOURCES; s++)
		waiting[s] = handled[s] = 0;
	post_during_take = -1;
	rang_during_take = false;
	return 0;
}

/* Two cores post before the owner drains: one doorbell; the drain serves both. */
static void test_one_doorbell_for_two_sources(void **state)
{
	assert_true(send(0));
	assert_false(send(2)); /* a doorbell is on its way */
	assert_int_equal(inbox_drain(&in, 0, &ops, NULL), 0);
	assert_int_equal(handled[0], 1);
	assert_int_equal(handled[2], 1);
	assert_int_equal(in.word, 0);
}

/* The drain collected the doorbell: the next post rings again. */
static void test_post_after_drain_rings(void **state)
{
	assert_true(send(1));
	inbox_drain(&in, 0, &ops, NULL);
	assert_true(send(3));
	assert_false(send(3));
	inbox_drain(&in, 0, &ops, NULL);
	assert_int_equal(handled[3], 2);
}

/* A post while the owner drains rings nothing: the drain's end finds it. */
static void test_post_while_draining_is_served(void **state)
{
	assert_true(send(0));
	post_during_take = 1;
	inbox_drain(&in, 0, &ops, NULL);
	assert_false(rang_during_take);
	assert_int_equal(handled[1], 1);
	assert_int_equal(in.word, 0);
	assert_true(send(1)); /* and no doorbell is left marked as rung */
}

/* A source over its budget stays flagged: it rings no more, the others still do. */
static void test_deferred_source_rings_nothing_others_do(void **state)
{
	for (unsigned int i = 0; i <= INBOX_BUDGET; i++)
		send(2);
	assert_int_equal(inbox_drain(&in, 0, &ops, NULL), 1u << 2);
	assert_int_equal(waiting[2], 1);
	assert_false(send(2));
	assert_true(send(0)); /* not held up by the deferred source */
	assert_int_equal(inbox_drain(&in, 1u << 2, &ops, NULL), 1u << 2);
	assert_int_equal(handled[0], 1);
	assert_int_equal(waiting[2], 2);
	assert_int_equal(inbox_drain(&in, 0, &ops, NULL), 0); /* the tick's drain, no skip */
	assert_int_equal(waiting[2], 0);
	assert_int_equal(in.word, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_one_doorbell_for_two_sources, setup),
		cmocka_unit_test_setup(test_post_after_drain_rings, setup),
		cmocka_unit_test_setup(test_post_while_draining_is_served, setup),
		cmocka_unit_test_setup(test_deferred_source_rings_nothing_others_do, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
