// SPDX-License-Identifier: MIT
/*
 * The KTAP suite of the RTOS's own primitives, run by the console task
 * (priority 10) on the `selftest` command while the benchmark keeps running.
 * Helper tasks run at priorities 11-16: above the console, below the
 * benchmark's tasks, which only delay them.
 */
#include <rtos/rtos.h>

#include <app/app.h>
#include <board/gic.h>
#include <lib/print.h>

#define HELPERS	      3
#define HELPER_STACK  1024
#define TEST_SGI      1
#define TEST_SGI_PRIO 0xa0
#define MS(n)	      rtos_us((n)*1000u)
#define DONE_WAIT     MS(200)

static struct task helper[HELPERS];
static uint64_t helper_stack[HELPERS][HELPER_STACK / 8];
static struct sem done, sem;
static struct mutex m1, m2;
static volatile unsigned order[HELPERS], norder, seen_prio[HELPERS];
static volatile int result[HELPERS];

static void spawn(int i, unsigned prio, void (*fn)(void *))
{
	task_create(&helper[i], "selftest", prio, fn, (void *)(uintptr_t)i, helper_stack[i],
		    sizeof(helper_stack[i]));
}

/* Every helper gives `done` once at its end; all @n of them within DONE_WAIT. */
static bool join(int n)
{
	for (int i = 0; i < n; i++)
		if (sem_take(&done, DONE_WAIT))
			return false;
	return true;
}

static void reset(void)
{
	sem_init(&done, 0, HELPERS);
	sem_init(&sem, 0, 1);
	mutex_init(&m1);
	mutex_init(&m2);
	norder = 0;
}

static bool test_sem_count(void)
{
	struct sem s;

	sem_init(&s, 2, 2);
	return !sem_take(&s, RTOS_NO_WAIT) && !sem_take(&s, RTOS_NO_WAIT) &&
	       sem_take(&s, RTOS_NO_WAIT) == -RTOS_EAGAIN && !sem_give(&s) && !sem_give(&s) &&
	       sem_give(&s) == -RTOS_EOVERFLOW;
}

static void waiter(void *arg)
{
	result[(uintptr_t)arg] = sem_take(&sem, RTOS_FOREVER);
	order[norder++] = (uintptr_t)arg;
	sem_give(&done);
}

static bool test_sem_wake(void)
{
	spawn(0, 14, waiter);
	order[norder++] = 9; /* the helper blocked at once; the give switches to it */
	sem_give(&sem);
	order[norder++] = 8;
	return join(1) && !result[0] && order[0] == 9 && order[1] == 0 && order[2] == 8;
}

/* Owns m1 for 3 ms, noting its priority meanwhile and after. */
static void low_owner(void *arg)
{
	mutex_lock(&m1, RTOS_FOREVER);
	task_sleep(MS(3));
	seen_prio[0] = task_self()->prio;
	mutex_unlock(&m1);
	seen_prio[1] = task_self()->prio;
	sem_give(&done);
}

/* Owns m2, then waits for m1. */
static void mid_owner(void *arg)
{
	mutex_lock(&m2, RTOS_FOREVER);
	result[1] = mutex_lock(&m1, RTOS_FOREVER);
	mutex_unlock(&m1);
	mutex_unlock(&m2);
	sem_give(&done);
}

static void high_waiter(void *arg)
{
	task_sleep(MS(1));
	result[2] = mutex_lock(&m2, (uintptr_t)arg == 2 ? RTOS_FOREVER : MS(1));
	if (!result[2])
		mutex_unlock(&m2);
	sem_give(&done);
}

static bool test_mutex_inherit_chain(void)
{
	spawn(0, 11, low_owner);
	spawn(1, 12, mid_owner);
	spawn(2, 16, high_waiter);
	return join(3) && seen_prio[0] == 16 && seen_prio[1] == 11 && !result[1] && !result[2];
}

static bool test_mutex_timeout_unboost(void)
{
	spawn(0, 11, low_owner);
	spawn(1, 12, mid_owner);
	task_create(&helper[2], "selftest", 16, high_waiter, (void *)1, helper_stack[2],
		    sizeof(helper_stack[2]));
	/* H gives up after 1 ms; L is lent only M's 12 by the time it looks. */
	return join(3) && result[2] == -RTOS_ETIMEDOUT && seen_prio[0] == 12 && seen_prio[1] == 11;
}

static bool test_queue_order(void)
{
	struct msgq q;
	uint32_t buf[2], v, a = 1, b = 2;
	rtime_t start = rtos_now();

	msgq_init(&q, buf, sizeof(v), 2);
	if (msgq_send(&q, &a, RTOS_NO_WAIT) || msgq_send(&q, &b, RTOS_NO_WAIT) ||
	    msgq_send(&q, &a, RTOS_NO_WAIT) != -RTOS_EAGAIN)
		return false;
	if (msgq_receive(&q, &v, RTOS_NO_WAIT) || v != 1 || msgq_receive(&q, &v, RTOS_NO_WAIT) ||
	    v != 2)
		return false;
	start = rtos_now();
	return msgq_receive(&q, &v, MS(1)) == -RTOS_ETIMEDOUT && rtos_now() - start >= MS(1);
}

static struct msgq tq;
static uint32_t tq_buf[1];

static void receiver(void *arg)
{
	uint32_t v = 0;

	result[0] = msgq_receive(&tq, &v, RTOS_FOREVER);
	order[norder++] = v;
	sem_give(&done);
}

static bool test_queue_blocking(void)
{
	uint32_t v = 42;

	msgq_init(&tq, tq_buf, sizeof(v), 1);
	spawn(0, 14, receiver);
	msgq_send(&tq, &v, RTOS_FOREVER);
	order[norder++] = 7;
	return join(1) && !result[0] && order[0] == 42 && order[1] == 7;
}

static rtime_t sleep_base;

static void sleeper(void *arg)
{
	static const unsigned wake_ms[HELPERS] = {3, 1, 2};

	task_sleep_until(sleep_base + MS(wake_ms[(uintptr_t)arg]));
	order[norder++] = (uintptr_t)arg;
	sem_give(&done);
}

static bool test_sleep_order(void)
{
	sleep_base = rtos_now();
	for (int i = 0; i < HELPERS; i++)
		spawn(i, 14, sleeper);
	return join(3) && order[0] == 1 && order[1] == 2 && order[2] == 0;
}

static bool test_timeout(void)
{
	rtime_t start = rtos_now();
	int r = sem_take(&sem, MS(2));
	rtime_t waited = rtos_now() - start;

	return r == -RTOS_ETIMEDOUT && waited >= MS(2) && waited < MS(20);
}

static volatile uint32_t spins[2];

/* Spin 10 ms; note whether the other spinner ran meanwhile (it can only by round robin). */
static void spinner(void *arg)
{
	unsigned me = (uintptr_t)arg, other = !me;
	uint32_t first;
	rtime_t end = sleep_base + MS(11);

	task_sleep_until(sleep_base + MS(1)); /* both become ready at one instant */
	first = spins[other];

	while (rtos_now() < end)
		spins[me]++;
	result[me] = spins[other] != first;
	sem_give(&done);
}

static bool test_round_robin(void)
{
	spins[0] = spins[1] = 0;
	sleep_base = rtos_now();
	spawn(0, 13, spinner);
	spawn(1, 13, spinner);
	return join(2) && result[0] && result[1];
}

static void sgi_isr(void *arg)
{
	sem_give_isr(&sem);
}

static bool test_isr_give(void)
{
	static bool attached;
	rtime_t end = rtos_now() + MS(1);

	if (!attached)
		gic_attach(TEST_SGI, TEST_SGI_PRIO, sgi_isr, 0);
	attached = true;
	spawn(0, 14, waiter);
	gic_raise_self(TEST_SGI);
	/* The waiter, more urgent, runs at the interrupt's end: before this task goes on. */
	while (!norder && rtos_now() < end)
		;
	order[norder++] = 8;
	return join(1) && !result[0] && order[0] == 0 && order[1] == 8;
}

static const struct {
	bool (*fn)(void);
	const char *name;
} cases[] = {
	{test_sem_count, "sem_count"},
	{test_sem_wake, "sem_wake"},
	{test_mutex_inherit_chain, "mutex_inherit_chain"},
	{test_mutex_timeout_unboost, "mutex_timeout_unboost"},
	{test_queue_order, "queue_order"},
	{test_queue_blocking, "queue_blocking"},
	{test_sleep_order, "sleep_order"},
	{test_timeout, "timeout"},
	{test_round_robin, "round_robin"},
	{test_isr_give, "isr_give"},
};

void selftest_run(void)
{
	unsigned n = sizeof(cases) / sizeof(cases[0]), failed = 0;

	print("KTAP version 1\n1..%u\n", n);
	for (unsigned i = 0; i < n; i++) {
		bool ok;

		reset();
		ok = cases[i].fn();
		failed += !ok;
		print("%sok %u - %s\n", ok ? "" : "not ", i + 1, cases[i].name);
	}
	print("# rtos selftest: %u passed, %u failed\n", n - failed, failed);
}
