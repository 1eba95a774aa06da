// SPDX-License-Identifier: MIT
/* Unit tests of the RTOS's ready queue (guests/rtos/kernel/readyq.c): bitmap pick, FIFO levels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <rtos/readyq.h>

static struct readyq q;

static int setup(void **state)
{
	readyq_init(&q);
	return 0;
}

static void test_empty(void **state)
{
	assert_null(readyq_highest(&q));
	assert_int_equal(q.bitmap, 0);
}

static void test_most_urgent_first(void **state)
{
	struct list n[RTOS_PRIOS];

	for (unsigned p = 0; p < RTOS_PRIOS; p += 3)
		readyq_add_tail(&q, &n[p], p);
	for (int p = 30; p >= 0; p -= 3) {
		assert_ptr_equal(readyq_highest(&q), &n[p]);
		readyq_remove(&q, &n[p], p);
	}
	assert_null(readyq_highest(&q));
	assert_int_equal(q.bitmap, 0);
}

static void test_extremes(void **state)
{
	struct list lo, hi;

	readyq_add_tail(&q, &lo, RTOS_PRIO_IDLE);
	assert_ptr_equal(readyq_highest(&q), &lo);
	readyq_add_tail(&q, &hi, RTOS_PRIO_MAX);
	assert_ptr_equal(readyq_highest(&q), &hi);
	assert_int_equal(q.bitmap, 0x80000001u);
}

static void test_fifo_within_level(void **state)
{
	struct list a, b, c;

	readyq_add_tail(&q, &a, 7);
	readyq_add_tail(&q, &b, 7);
	readyq_add_tail(&q, &c, 7);
	assert_true(readyq_has_peers(&q, 7));
	/* a's slice ends: behind b and c. */
	readyq_remove(&q, &a, 7);
	readyq_add_tail(&q, &a, 7);
	assert_ptr_equal(readyq_highest(&q), &b);
	/* c put at the head goes first. */
	readyq_remove(&q, &c, 7);
	readyq_add_head(&q, &c, 7);
	assert_ptr_equal(readyq_highest(&q), &c);
}

static void test_peers_and_bitmap(void **state)
{
	struct list a, b;

	assert_false(readyq_has_peers(&q, 4));
	readyq_add_tail(&q, &a, 4);
	assert_false(readyq_has_peers(&q, 4));
	readyq_add_tail(&q, &b, 4);
	assert_true(readyq_has_peers(&q, 4));
	readyq_remove(&q, &a, 4);
	assert_int_equal(q.bitmap, 1u << 4);
	readyq_remove(&q, &b, 4);
	assert_int_equal(q.bitmap, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_most_urgent_first, setup),
		cmocka_unit_test_setup(test_extremes, setup),
		cmocka_unit_test_setup(test_fifo_within_level, setup),
		cmocka_unit_test_setup(test_peers_and_bitmap, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
