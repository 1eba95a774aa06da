// SPDX-License-Identifier: MIT
/*
 * Unit tests of the RTOS's priority inheritance (guests/rtos/kernel/mutex.c):
 * chains of blocked owners raise and lower together, timeouts undo what they
 * lent, unlock hands over to the most urgent waiter, deadlocks and long
 * chains are bounded. The test acts as whichever task the scheduler runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <rtos/rtos.h>
#include <rtos/sched.h>

#include "host_arch.h"

#define NTASKS 10

static struct task t[NTASKS];
static uint64_t stacks[NTASKS][TASK_STACK_MIN / 8];
static struct mutex m[NTASKS];

static void entry(void *arg)
{
}

static int setup(void **state)
{
	host_now = 0;
	rtos_init();
	for (int i = 0; i < NTASKS; i++)
		mutex_init(&m[i]);
	return 0;
}

static void create(int i, unsigned prio)
{
	assert_int_equal(task_create(&t[i], "t", prio, entry, NULL, stacks[i], sizeof(stacks[i])),
			 0);
}

/* The timer interrupt at @now. */
static void tick(rtime_t now)
{
	host_now = now;
	sched_isr_enter();
	sched_timer_expired(now);
	sched_isr_exit(NULL);
}

/* L(2) owns m0; M(5) owns m1 and waits for m0; H(9) waits for m1 with @timeout. */
static void build_chain(rtime_t timeout)
{
	create(0, 2);
	create(1, 5);
	create(2, 9);
	HOST_START();
	assert_ptr_equal(task_self(), &t[2]);
	task_sleep_until(100);
	task_sleep_until(50);
	assert_ptr_equal(task_self(), &t[0]);
	assert_int_equal(mutex_lock(&m[0], RTOS_FOREVER), 0);
	tick(50);
	assert_ptr_equal(task_self(), &t[1]);
	assert_int_equal(mutex_lock(&m[1], RTOS_FOREVER), 0);
	mutex_lock(&m[0], RTOS_FOREVER);
	assert_ptr_equal(task_self(), &t[0]);
	assert_int_equal(t[0].prio, 5);
	tick(100);
	assert_ptr_equal(task_self(), &t[2]);
	mutex_lock(&m[1], timeout);
}

static void test_chain_inherits_transitively(void **state)
{
	build_chain(RTOS_FOREVER);
	assert_int_equal(t[1].prio, 9);
	assert_int_equal(t[0].prio, 9);
	assert_ptr_equal(task_self(), &t[0]);
	assert_int_equal(t[1].state, TASK_BLOCKED);
	assert_int_equal(t[2].state, TASK_BLOCKED);
}

static void test_unlocks_unwind_the_chain(void **state)
{
	build_chain(RTOS_FOREVER);
	assert_int_equal(mutex_unlock(&m[0]), 0);
	/* M owns m0 now and runs, still lent 9 by H through m1; L is back to 2. */
	assert_ptr_equal(m[0].owner, &t[1]);
	assert_int_equal(t[0].prio, 2);
	assert_ptr_equal(task_self(), &t[1]);
	assert_int_equal(t[1].wait_result, 0);
	assert_int_equal(mutex_unlock(&m[0]), 0);
	assert_int_equal(t[1].prio, 9);
	assert_int_equal(mutex_unlock(&m[1]), 0);
	assert_ptr_equal(m[1].owner, &t[2]);
	assert_int_equal(t[1].prio, 5);
	assert_ptr_equal(task_self(), &t[2]);
	assert_int_equal(t[2].wait_result, 0);
}

static void test_timeout_takes_back_the_loan(void **state)
{
	build_chain(30);
	assert_int_equal(t[0].prio, 9);
	assert_true(host_timer == 130);
	tick(129);
	assert_int_equal(t[0].prio, 9);
	tick(130);
	assert_int_equal(t[2].wait_result, -RTOS_ETIMEDOUT);
	assert_int_equal(t[2].state, TASK_READY);
	assert_null(t[2].blocked_on);
	/* H left: M is back to 5, and L only inherits M's 5. */
	assert_int_equal(t[1].prio, 5);
	assert_int_equal(t[0].prio, 5);
	assert_ptr_equal(task_self(), &t[2]);
	assert_ptr_equal(m[1].owner, &t[1]);
}

static void test_most_urgent_waiter_gets_it(void **state)
{
	create(0, 1);
	create(1, 3);
	create(2, 4);
	HOST_START();
	task_sleep_until(20);
	task_sleep_until(10);
	assert_int_equal(mutex_lock(&m[0], RTOS_FOREVER), 0);
	tick(10);
	mutex_lock(&m[0], RTOS_FOREVER);
	tick(20);
	mutex_lock(&m[0], RTOS_FOREVER);
	assert_int_equal(t[0].prio, 4);
	assert_int_equal(mutex_unlock(&m[0]), 0);
	assert_ptr_equal(m[0].owner, &t[2]);
	assert_int_equal(t[2].prio, 4);
	assert_int_equal(t[0].prio, 1);
	assert_ptr_equal(task_self(), &t[2]);
}

static void test_errors(void **state)
{
	create(0, 1);
	create(1, 3);
	HOST_START();
	task_sleep_until(10);
	assert_int_equal(mutex_lock(&m[0], RTOS_FOREVER), 0);
	assert_int_equal(mutex_lock(&m[0], RTOS_FOREVER), -RTOS_EDEADLK);
	assert_int_equal(mutex_unlock(&m[1]), -RTOS_EPERM);
	tick(10);
	assert_int_equal(mutex_lock(&m[1], RTOS_FOREVER), 0);
	assert_int_equal(mutex_lock(&m[0], RTOS_NO_WAIT), -RTOS_EAGAIN);
	assert_int_equal(mutex_unlock(&m[0]), -RTOS_EPERM);
	mutex_lock(&m[0], RTOS_FOREVER);
	/* t0 owns m0, t1 owns m1 and waits for m0: t0 asking for m1 closes a cycle. */
	assert_ptr_equal(task_self(), &t[0]);
	assert_int_equal(mutex_lock(&m[1], RTOS_FOREVER), -RTOS_EDEADLK);
}

static void test_long_chain_is_bounded(void **state)
{
	for (int i = 0; i < NTASKS; i++)
		create(i, 2 + i);
	HOST_START();
	for (int i = NTASKS - 1; i > 0; i--)
		task_sleep_until(100 + i);
	assert_int_equal(mutex_lock(&m[0], RTOS_FOREVER), 0);
	/* Task i owns m[i] and waits for m[i-1]: a chain of i owners below it. */
	for (int i = 1; i < NTASKS; i++) {
		tick(100 + i);
		assert_ptr_equal(task_self(), &t[i]);
		assert_int_equal(mutex_lock(&m[i], RTOS_FOREVER), 0);
		mutex_lock(&m[i - 1], RTOS_FOREVER);
	}
	for (int i = 1; i < NTASKS - 1; i++)
		assert_int_equal(t[i].prio, 2 + NTASKS - 1);
	/* The last waiter's chain has 9 links; only RTOS_PI_DEPTH were followed. */
	assert_int_equal(t[0].prio, 2 + NTASKS - 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_chain_inherits_transitively, setup),
		cmocka_unit_test_setup(test_unlocks_unwind_the_chain, setup),
		cmocka_unit_test_setup(test_timeout_takes_back_the_loan, setup),
		cmocka_unit_test_setup(test_most_urgent_waiter_gets_it, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_long_chain_is_bounded, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
