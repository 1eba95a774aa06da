// SPDX-License-Identifier: MIT
/* Unit test of the ticket lock (kernel/include/spinlock.h) with real threads. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <spinlock.h>

#define THREADS 4
#define ROUNDS	20000

__thread struct cpu *host_this_cpu;

static struct spinlock lock = SPINLOCK_INIT;
static volatile uint64_t counter; /* guarded by lock */
static volatile int inside;	  /* guarded by lock: holders at once, must stay <= 1 */
static volatile int overlap;

static void *worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		spin_lock(&lock);
		if (++inside != 1)
			overlap = 1;
		counter = counter + 1;
		inside--;
		spin_unlock(&lock);
	}
	return NULL;
}

static void test_mutual_exclusion(void **state)
{
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, NULL), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(counter, (uint64_t)THREADS * ROUNDS);
	assert_false(overlap);
	assert_false(spin_is_locked(&lock));
}

static void test_ticket_wraps(void **state)
{
	struct spinlock l = {.owner = UINT16_MAX, .next = UINT16_MAX};

	spin_lock(&l);
	assert_true(spin_is_locked(&l));
	spin_unlock(&l);
	assert_false(spin_is_locked(&l));
	assert_int_equal(l.owner, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mutual_exclusion),
		cmocka_unit_test(test_ticket_wraps),
	};
	return cmocka_run_group_tests_name("spinlock", tests, NULL, NULL);
}
