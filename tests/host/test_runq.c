// SPDX-License-Identifier: MIT
/* Unit tests of the per-core run queue (kernel/runq.c): bitmap pick and FIFO order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include <runq.h>

static struct runq q;

static int setup(void **state)
{
	runq_init(&q);
	return 0;
}

static void test_empty(void **state)
{
	assert_null(runq_highest(&q));
	assert_int_equal(runq_top_prio(&q), -1);
}

static void test_highest_priority_first(void **state)
{
	struct runq_entry e[5] = {
		{.prio = 0}, {.prio = 31}, {.prio = 32}, {.prio = 200}, {.prio = 255}};

	for (int i = 0; i < 5; i++)
		runq_add_tail(&q, &e[i]);
	for (int i = 4; i >= 0; i--) {
		assert_ptr_equal(runq_highest(&q), &e[i]);
		assert_int_equal(runq_top_prio(&q), e[i].prio);
		runq_remove(&q, &e[i]);
		assert_false(e[i].queued);
	}
	assert_null(runq_highest(&q));
	assert_int_equal(q.top, 0);
}

static void test_round_robin_within_priority(void **state)
{
	struct runq_entry a = {.prio = 7}, b = {.prio = 7}, c = {.prio = 7};

	runq_add_tail(&q, &a);
	runq_add_tail(&q, &b);
	runq_add_tail(&q, &c);
	/* a's slice expires: it goes behind b and c. */
	runq_remove(&q, runq_highest(&q));
	runq_add_tail(&q, &a);
	assert_ptr_equal(runq_highest(&q), &b);
	/* b is preempted with slice left: it stays first. */
	runq_remove(&q, &b);
	runq_add_head(&q, &b);
	assert_ptr_equal(runq_highest(&q), &b);
	runq_remove(&q, &b);
	assert_ptr_equal(runq_highest(&q), &c);
	runq_remove(&q, &c);
	assert_ptr_equal(runq_highest(&q), &a);
}

static void test_remove_from_middle_keeps_bits(void **state)
{
	struct runq_entry a = {.prio = 64}, b = {.prio = 64}, c = {.prio = 65};

	runq_add_tail(&q, &a);
	runq_add_tail(&q, &b);
	runq_add_tail(&q, &c);
	runq_remove(&q, &c);
	assert_int_equal(runq_top_prio(&q), 64);
	runq_remove(&q, &a);
	assert_int_equal(runq_top_prio(&q), 64);
	runq_remove(&q, &b);
	assert_int_equal(runq_top_prio(&q), -1);
}

/* Against a naive model: random operations, highest priority must agree. */
static void test_random_against_model(void **state)
{
	enum { N = 300 };
	static struct runq_entry e[N];
	unsigned int seed = 12345;

	for (int i = 0; i < N; i++)
		e[i] = (struct runq_entry){.prio = (uint8_t)rand_r(&seed)};
	for (int step = 0; step < 20000; step++) {
		struct runq_entry *x = &e[rand_r(&seed) % N];

		if (x->queued)
			runq_remove(&q, x);
		else
			runq_add_tail(&q, x);
		int best = -1;

		for (int i = 0; i < N; i++)
			if (e[i].queued && e[i].prio > best)
				best = e[i].prio;
		assert_int_equal(runq_top_prio(&q), best);
		if (best >= 0)
			assert_int_equal(runq_highest(&q)->prio, best);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_highest_priority_first, setup),
		cmocka_unit_test_setup(test_round_robin_within_priority, setup),
		cmocka_unit_test_setup(test_remove_from_middle_keeps_bits, setup),
		cmocka_unit_test_setup(test_random_against_model, setup),
	};
	return cmocka_run_group_tests_name("runq", tests, NULL, NULL);
}
