// SPDX-License-Identifier: MIT
/* Unit tests of the core-pair SPSC ring (kernel/smp/ring.c) on one thread: limits, order, wrap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ring.h>

static struct ring r;

static void *item(uint32_t n)
{
	return (void *)(uintptr_t)(n + 1); /* never NULL */
}

static int setup(void **state)
{
	ring_init(&r);
	return 0;
}

/* Both indices and both cached copies at @index, as if that many items had passed. */
static void ring_start_at(struct ring *ring, uint32_t index)
{
	ring->head = ring->tail = index;
	ring->cached_head = ring->cached_tail = index;
}

static void fill(uint32_t first, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		assert_true(ring_push(&r, item(first + i)));
}

static void expect(uint32_t first, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		assert_ptr_equal(ring_pop(&r), item(first + i));
}

static void test_empty(void **state)
{
	assert_true(ring_empty(&r));
	assert_null(ring_pop(&r));
	assert_null(ring_pop(&r));
	assert_true(ring_empty(&r));
}

/* ring_count() says what the pops then find, without another look at head. */
static void test_count(void **state)
{
	assert_int_equal(ring_count(&r), 0);
	fill(0, 3);
	assert_int_equal(ring_count(&r), 3);
	expect(0, 1);
	fill(3, 1);
	assert_int_equal(ring_count(&r), 3);
	expect(1, 3);
	assert_int_equal(ring_count(&r), 0);
	assert_null(ring_pop(&r));
}

static void test_fifo_order(void **state)
{
	fill(0, 5);
	assert_false(ring_empty(&r));
	expect(0, 5);
	assert_true(ring_empty(&r));
	assert_null(ring_pop(&r));
}

static void test_full(void **state)
{
	fill(0, RING_SLOTS);
	assert_int_equal(r.head - r.tail, RING_SLOTS);
	assert_false(ring_push(&r, item(1000)));
	assert_false(ring_push(&r, item(1001)));
	assert_int_equal(r.head - r.tail, RING_SLOTS);
	/* The refused items are not there and none of the accepted ones was overwritten. */
	expect(0, RING_SLOTS);
	assert_null(ring_pop(&r));
}

static void test_room_after_pop(void **state)
{
	fill(0, RING_SLOTS);
	assert_false(ring_push(&r, item(RING_SLOTS)));
	expect(0, 1);
	/* The producer's cached tail is stale: the push must reload it. */
	assert_true(ring_push(&r, item(RING_SLOTS)));
	assert_false(ring_push(&r, item(RING_SLOTS + 1)));
	expect(1, RING_SLOTS);
	assert_true(ring_empty(&r));
}

static void test_empty_sees_later_push(void **state)
{
	assert_true(ring_empty(&r)); /* caches head == tail */
	assert_true(ring_push(&r, item(7)));
	assert_false(ring_empty(&r));
	assert_ptr_equal(ring_pop(&r), item(7));
	assert_true(ring_empty(&r));
}

static void test_full_across_index_wrap(void **state)
{
	ring_start_at(&r, UINT32_MAX - 2);
	fill(0, RING_SLOTS); /* head wraps past zero */
	assert_true(r.head < r.tail);
	assert_false(ring_push(&r, item(99)));
	expect(0, RING_SLOTS);
	assert_true(ring_empty(&r));
	assert_null(ring_pop(&r));
	assert_int_equal(r.head, RING_SLOTS - 3);
	assert_int_equal(r.tail, r.head);
}

/* Push and pop in an uneven pattern across the 2^32 wrap; compare with a counted reference. */
static void test_mixed_across_index_wrap(void **state)
{
	uint32_t pushed = 0, popped = 0, rng = 12345;

	ring_start_at(&r, UINT32_MAX - 3 * RING_SLOTS);
	for (int step = 0; step < 40 * RING_SLOTS; step++) {
		rng = rng * 1103515245u + 12345u;
		if ((rng >> 16) % 3 != 0) {
			bool room = pushed - popped < RING_SLOTS;

			assert_int_equal(ring_push(&r, item(pushed)), room);
			pushed += room;
		} else if (pushed != popped) {
			assert_ptr_equal(ring_pop(&r), item(popped++));
		} else {
			assert_null(ring_pop(&r));
		}
		assert_int_equal(r.head - r.tail, pushed - popped);
		assert_int_equal(ring_empty(&r), pushed == popped);
	}
	expect(popped, pushed - popped);
	assert_true(ring_empty(&r));
	assert_true(r.head < UINT32_MAX - 3 * RING_SLOTS); /* it did wrap */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_count, setup),
		cmocka_unit_test_setup(test_fifo_order, setup),
		cmocka_unit_test_setup(test_full, setup),
		cmocka_unit_test_setup(test_room_after_pop, setup),
		cmocka_unit_test_setup(test_empty_sees_later_push, setup),
		cmocka_unit_test_setup(test_full_across_index_wrap, setup),
		cmocka_unit_test_setup(test_mixed_across_index_wrap, setup),
	};
	return cmocka_run_group_tests_name("ring", tests, NULL, NULL);
}
