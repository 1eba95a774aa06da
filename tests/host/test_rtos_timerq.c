// SPDX-License-Identifier: MIT
/* Unit tests of the RTOS's timer queue (guests/rtos/kernel/timerq.c): deadline order, expiry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <rtos/timerq.h>

static struct timerq q;
static struct timer t[5];

static int setup(void **state)
{
	timerq_init(&q);
	for (int i = 0; i < 5; i++)
		timer_init(&t[i]);
	return 0;
}

static void test_empty(void **state)
{
	assert_true(timerq_next(&q) == RTIME_NEVER);
	assert_null(timerq_pop_expired(&q, RTIME_NEVER - 1));
	assert_false(timer_armed(&t[0]));
}

static void test_sorted_by_deadline(void **state)
{
	const rtime_t d[5] = {50, 10, 40, 20, 30};
	const int order[5] = {1, 3, 4, 2, 0};

	for (int i = 0; i < 5; i++)
		timerq_add(&q, &t[i], d[i]);
	assert_true(timerq_next(&q) == 10);
	for (int i = 0; i < 5; i++)
		assert_ptr_equal(timerq_pop_expired(&q, 100), &t[order[i]]);
	assert_null(timerq_pop_expired(&q, 100));
}

static void test_equal_deadlines_fifo(void **state)
{
	for (int i = 0; i < 3; i++)
		timerq_add(&q, &t[i], 7);
	for (int i = 0; i < 3; i++)
		assert_ptr_equal(timerq_pop_expired(&q, 7), &t[i]);
}

static void test_only_due_expire(void **state)
{
	timerq_add(&q, &t[0], 100);
	timerq_add(&q, &t[1], 200);
	assert_null(timerq_pop_expired(&q, 99));
	assert_ptr_equal(timerq_pop_expired(&q, 100), &t[0]);
	assert_false(timer_armed(&t[0]));
	assert_null(timerq_pop_expired(&q, 199));
	assert_true(timerq_next(&q) == 200);
}

static void test_remove_armed_and_disarmed(void **state)
{
	timerq_add(&q, &t[0], 5);
	timerq_add(&q, &t[1], 6);
	timerq_remove(&t[0]);
	timerq_remove(&t[0]);
	timerq_remove(&t[2]);
	assert_true(timerq_next(&q) == 6);
	timerq_remove(&t[1]);
	assert_true(timerq_next(&q) == RTIME_NEVER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_sorted_by_deadline, setup),
		cmocka_unit_test_setup(test_equal_deadlines_fifo, setup),
		cmocka_unit_test_setup(test_only_due_expire, setup),
		cmocka_unit_test_setup(test_remove_armed_and_disarmed, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
