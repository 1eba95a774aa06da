// SPDX-License-Identifier: MIT
/*
 * Unit tests of the RTOS's scheduler and timeouts (guests/rtos/kernel/):
 * preemption by priority, sleeping in deadline order, the tickless timer's
 * deadline, round-robin slices, and semaphore and queue timeouts. The test
 * acts as whichever task the scheduler runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <rtos/rtos.h>
#include <rtos/sched.h>

#include "host_arch.h"

#define NTASKS 4
#define SLICE  (RTOS_SLICE_US * (HOST_TICKS_PER_SEC / 1000000u))

static struct task t[NTASKS];
static uint64_t stacks[NTASKS][TASK_STACK_MIN / 8];

static void entry(void *arg)
{
}

static int setup(void **state)
{
	host_now = 0;
	host_timer = RTIME_NEVER;
	rtos_init();
	return 0;
}

static void create(int i, unsigned prio)
{
	assert_int_equal(task_create(&t[i], "t", prio, entry, NULL, stacks[i], sizeof(stacks[i])),
			 0);
}

static void tick(rtime_t now)
{
	host_now = now;
	sched_isr_enter();
	sched_timer_expired(now);
	sched_isr_exit(NULL);
}

static void test_create_checks(void **state)
{
	assert_int_equal(task_create(&t[0], "t", RTOS_PRIOS, entry, NULL, stacks[0], 512),
			 -RTOS_EINVAL);
	assert_int_equal(task_create(&t[0], "t", 1, entry, NULL, stacks[0], 64), -RTOS_EINVAL);
}

static void test_sleepers_wake_in_deadline_order(void **state)
{
	create(0, 3);
	create(1, 3);
	create(2, 3);
	HOST_START();
	task_sleep_until(300);
	task_sleep_until(100);
	task_sleep_until(200);
	assert_int_equal(task_self()->prio, RTOS_PRIO_IDLE);
	assert_true(host_timer == 100);
	tick(100);
	assert_ptr_equal(task_self(), &t[1]);
	task_sleep_until(50); /* already past: no sleep */
	assert_ptr_equal(task_self(), &t[1]);
	task_sleep(1000);
	assert_true(host_timer == 200);
	tick(250);
	assert_ptr_equal(task_self(), &t[2]);
	assert_true(host_timer == 300);
}

static void test_preempted_by_more_urgent(void **state)
{
	create(0, 2);
	HOST_START();
	assert_ptr_equal(task_self(), &t[0]);
	create(1, 8);
	assert_ptr_equal(task_self(), &t[1]);
	create(2, 1);
	assert_ptr_equal(task_self(), &t[1]);
}

static void test_round_robin_slices(void **state)
{
	create(0, 5);
	create(1, 5);
	create(2, 5);
	HOST_START();
	assert_ptr_equal(task_self(), &t[0]);
	assert_true(host_timer == SLICE);
	tick(SLICE);
	assert_ptr_equal(task_self(), &t[1]);
	tick(2 * SLICE);
	assert_ptr_equal(task_self(), &t[2]);
	tick(3 * SLICE);
	assert_ptr_equal(task_self(), &t[0]);
	task_yield();
	assert_ptr_equal(task_self(), &t[1]);
}

static void test_no_slice_when_alone(void **state)
{
	create(0, 5);
	create(1, 4);
	HOST_START();
	assert_true(host_timer == RTIME_NEVER);
}

static void test_sem_timeout_and_give(void **state)
{
	struct sem s;

	sem_init(&s, 1, 2);
	create(0, 2);
	create(1, 6);
	HOST_START();
	assert_int_equal(sem_take(&s, RTOS_NO_WAIT), 0);
	assert_int_equal(sem_take(&s, RTOS_NO_WAIT), -RTOS_EAGAIN);
	sem_take(&s, 40);
	assert_ptr_equal(task_self(), &t[0]);
	tick(40);
	assert_int_equal(t[1].wait_result, -RTOS_ETIMEDOUT);
	assert_ptr_equal(task_self(), &t[1]);
	sem_take(&s, RTOS_FOREVER);
	assert_true(host_timer == RTIME_NEVER);
	assert_int_equal(sem_give(&s), 0);
	assert_ptr_equal(task_self(), &t[1]);
	assert_int_equal(t[1].wait_result, 0);
	assert_int_equal(sem_give(&s), 0);
	assert_int_equal(sem_give(&s), 0);
	assert_int_equal(sem_give(&s), -RTOS_EOVERFLOW);
}

static void test_isr_give_switches_at_exit(void **state)
{
	struct sem s;

	sem_init(&s, 0, 1);
	create(0, 2);
	create(1, 6);
	HOST_START();
	sem_take(&s, RTOS_FOREVER);
	assert_ptr_equal(task_self(), &t[0]);
	sched_isr_enter();
	assert_int_equal(sem_give_isr(&s), 0);
	assert_ptr_equal(task_self(), &t[0]);
	sched_isr_exit(NULL);
	assert_ptr_equal(task_self(), &t[1]);
}

static void test_queue_handover_and_timeouts(void **state)
{
	struct msgq q;
	uint32_t buf[2], in = 0, out;

	msgq_init(&q, buf, sizeof(uint32_t), 2);
	create(0, 2);
	create(1, 6);
	HOST_START();
	/* The receiver waits; a message goes straight into its buffer. */
	msgq_receive(&q, &in, RTOS_FOREVER);
	out = 0xabcd;
	assert_int_equal(msgq_send(&q, &out, RTOS_NO_WAIT), 0);
	assert_ptr_equal(task_self(), &t[1]);
	assert_int_equal(in, 0xabcd);
	/* Full: the sender waits, then times out. */
	for (out = 1; out <= 2; out++)
		assert_int_equal(msgq_send(&q, &out, RTOS_NO_WAIT), 0);
	assert_int_equal(msgq_send(&q, &out, RTOS_NO_WAIT), -RTOS_EAGAIN);
	msgq_send(&q, &out, 10);
	tick(10);
	assert_int_equal(t[1].wait_result, -RTOS_ETIMEDOUT);
	assert_int_equal(msgq_receive(&q, &in, RTOS_NO_WAIT), 0);
	assert_int_equal(in, 1);
	assert_int_equal(msgq_receive(&q, &in, RTOS_NO_WAIT), 0);
	assert_int_equal(in, 2);
	assert_int_equal(msgq_receive(&q, &in, RTOS_NO_WAIT), -RTOS_EAGAIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_create_checks, setup),
		cmocka_unit_test_setup(test_sleepers_wake_in_deadline_order, setup),
		cmocka_unit_test_setup(test_preempted_by_more_urgent, setup),
		cmocka_unit_test_setup(test_round_robin_slices, setup),
		cmocka_unit_test_setup(test_no_slice_when_alone, setup),
		cmocka_unit_test_setup(test_sem_timeout_and_give, setup),
		cmocka_unit_test_setup(test_isr_give_switches_at_exit, setup),
		cmocka_unit_test_setup(test_queue_handover_and_timeouts, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
