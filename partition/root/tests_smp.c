// SPDX-License-Identifier: MIT
/*
 * User-level cross-core suite: threads made on every core, IPC and
 * notifications whose endpoint, caller and server sit on different cores
 * (same results, timeouts and errors as on one core), thread operations
 * and moves across cores, objects destroyed while other cores wait on
 * them, and a fault handler on another core than the faulting thread.
 */
#include <cella/lib.h>

#include "root.h"

#define US	    1000u
#define SERVER_PRIO (ROOT_PRIO + 10)
#define CALLS	    2000
#define BADGE	    0x5eed

static volatile unsigned int ran_on[4];
static volatile handle_t published; /* a handle a thread made, for the root task */
static volatile unsigned int counter, exited, fault_fixed;
static volatile int waited_status;
static volatile unsigned int woke_seq, woke_at[2];

static unsigned int cores(void)
{
	return boot_info->cores > 4 ? 4 : boot_info->cores;
}

/* Wait (sleeping, in 1 ms steps, up to 2 s) until *@flag reaches @value. */
static int wait_for(volatile unsigned int *flag, unsigned int value)
{
	for (int i = 0; i < 2000 && __atomic_load_n(flag, __ATOMIC_ACQUIRE) < value; i++)
		sys_sleep(MS);
	return __atomic_load_n(flag, __ATOMIC_ACQUIRE) >= value;
}

static void mark_and_exit(unsigned int core)
{
	__atomic_fetch_add(&ran_on[core], 1, __ATOMIC_RELEASE);
	sys_thread_exit();
}

static void test_threads_on_every_core(void)
{
	for (unsigned int c = 0; c < cores(); c++)
		CHECK(spawn_on(c, mark_and_exit, ROOT_PRIO, c) > 0);
	for (unsigned int c = 0; c < cores(); c++)
		CHECK(wait_for(&ran_on[c], 1));
	CHECK_EQ(sys_thread_create(boot_info->self_space, 4, 1, 1), ERR_INVALID);
	CHECK_EQ(sys_thread_create(boot_info->self_space, 0xffffffff, 1, 1), ERR_INVALID);
	if (cores() < 4)
		CHECK_EQ(sys_thread_create(boot_info->self_space, cores(), 1, 1), ERR_INVALID);
}

/* Serve echo calls on @ep until a 0xdead label, answer it, count the exit. */
static void serve_on(unsigned int ep)
{
	struct msg m = {0};
	int err = sys_recv(ep, &m, TIMEOUT_FOREVER);

	while (!err && IPC_LABEL(m.info) != 0xdead) {
		m = (struct msg){.info = IPC_INFO(1, 4),
				 .mr = {m.badge, m.mr[0] + 1, m.mr[1] ^ m.mr[0], m.mr[2]}};
		err = sys_reply_recv(ep, &m, TIMEOUT_FOREVER);
	}
	sys_reply(&(struct msg){.info = 0});
	__atomic_fetch_add(&exited, 1, __ATOMIC_RELEASE);
	sys_thread_exit();
}

/* Make an endpoint (homed on this thread's core), publish it, serve echo calls. */
static void echo_server(unsigned int unused)
{
	int ep = sys_endpoint_create();

	__atomic_store_n(&published, (handle_t)ep, __ATOMIC_RELEASE);
	serve_on((unsigned int)ep);
}

/* Start @server on @core; the endpoint it publishes, or 0. */
static handle_t start_on(unsigned int core, void (*server)(unsigned int))
{
	published = 0;
	if (spawn_on(core, server, SERVER_PRIO, 0) < 0)
		return 0;
	for (int i = 0; i < 1000 && !__atomic_load_n(&published, __ATOMIC_ACQUIRE); i++)
		sys_sleep(MS);
	return published;
}

static handle_t start_server(unsigned int core)
{
	return start_on(core, echo_server);
}

static void stop_server(handle_t ep)
{
	struct msg m = {.info = IPC_INFO(0xdead, 0)};
	unsigned int before = exited;

	CHECK_EQ(sys_call(ep, &m, TIMEOUT_FOREVER), 0);
	CHECK(wait_for(&exited, before + 1));
}

/* @n calls to @ep, each checked word by word; the number that came back right. */
static int echo_calls(handle_t ep, unsigned int badge, int n)
{
	int good = 0;

	for (int i = 0; i < n; i++) {
		struct msg m = {.info = IPC_INFO(1, 3), .mr = {i, 0xa5a5a5a5u, ~(unsigned int)i}};
		int err = sys_call(ep, &m, TIMEOUT_FOREVER);

		good += !err && m.mr[0] == badge && m.mr[1] == (unsigned int)i + 1 &&
			m.mr[2] == (0xa5a5a5a5u ^ (unsigned int)i) && m.mr[3] == ~(unsigned int)i;
	}
	return good;
}

static void test_call_reply_across_cores(void)
{
	for (unsigned int c = 1; c < cores(); c++) {
		handle_t ep = start_server(c);
		int badged = sys_handle_copy(ep, boot_info->self_space, RIGHT_SEND, BADGE);

		CHECK(ep > 0 && badged > 0);
		CHECK_EQ(echo_calls(badged, BADGE, CALLS), CALLS);
		CHECK_EQ(echo_calls(ep, 0, 10), 10);
		stop_server(ep);
		CHECK_EQ(sys_handle_close(ep), 0);
	}
}

/* Publish an endpoint; answer each call with its badge, info word and words 0 and 3. */
static void shape_server(unsigned int unused)
{
	int ep = sys_endpoint_create();
	struct msg m = {0};
	int err;

	__atomic_store_n(&published, (handle_t)ep, __ATOMIC_RELEASE);
	err = sys_recv(ep, &m, TIMEOUT_FOREVER);
	while (!err && IPC_LABEL(m.info) != 0xdead) {
		m = (struct msg){.info = IPC_INFO(IPC_LABEL(m.info) + 1, 4),
				 .mr = {m.badge, m.info, m.mr[0], m.mr[3]}};
		err = sys_reply_recv(ep, &m, TIMEOUT_FOREVER);
	}
	sys_reply(&(struct msg){.info = 0});
	__atomic_fetch_add(&exited, 1, __ATOMIC_RELEASE);
	sys_thread_exit();
}

/*
 * Calls of every shape that fits in registers, badged or not, to a server
 * on another core (its endpoint there): each side sees what one core gives
 * (tests_ipc.c, ipc_every_register_shape); the reply carries no badge.
 */
static void test_register_shapes_across_cores(void)
{
	handle_t ep = start_on(1, shape_server);
	int badged = sys_handle_copy(ep, boot_info->self_space, RIGHT_SEND, BADGE);

	CHECK(ep > 0 && badged > 0);
	for (unsigned int len = 0; len <= IPC_REG_WORDS; len++) {
		for (unsigned int b = 0; b < 2; b++) {
			unsigned int label = 100 + len * 2 + b;
			struct msg m = {.info = IPC_INFO(label, len),
					.mr = {0x1000 + len, 0x2000 + b, 0x3000, 0x4000 + len}};

			CHECK_EQ(sys_call(b ? (handle_t)badged : ep, &m, TIMEOUT_FOREVER), 0);
			CHECK_EQ(m.info, IPC_INFO(label + 1, 4));
			CHECK_EQ(m.mr[0], b ? BADGE : 0);
			CHECK_EQ(m.mr[1], IPC_INFO(label, len));
			CHECK_EQ(m.mr[2], 0x1000 + len);
			CHECK_EQ(m.mr[3], 0x4000 + len);
			CHECK_EQ(m.badge, 0);
		}
	}
	stop_server(ep);
	CHECK_EQ(sys_handle_close((handle_t)badged), 0);
	CHECK_EQ(sys_handle_close(ep), 0);
}

/* The endpoint lives on the last core; the server on core 1; the caller on 0. */
static void make_endpoint_and_exit(unsigned int unused)
{
	__atomic_store_n(&published, (handle_t)sys_endpoint_create(), __ATOMIC_RELEASE);
	sys_thread_exit();
}

static void test_three_cores_one_call(void)
{
	unsigned int last = cores() - 1;

	if (cores() < 3) {
		CHECK(1);
		return;
	}
	published = 0;
	CHECK(spawn_on(last, make_endpoint_and_exit, ROOT_PRIO, 0) > 0);
	for (int i = 0; i < 1000 && !__atomic_load_n(&published, __ATOMIC_ACQUIRE); i++)
		sys_sleep(MS);
	handle_t ep = published;

	CHECK(ep > 0);
	CHECK(spawn_on(1, serve_on, SERVER_PRIO, ep) > 0);
	CHECK_EQ(echo_calls(ep, 0, 500), 500);
	stop_server(ep);
}

static void test_timeouts_across_cores(void)
{
	handle_t ep = start_server(1);
	int idle = sys_endpoint_create();
	struct msg m = {.info = IPC_INFO(1, 0)};

	CHECK(ep > 0 && idle > 0);
	stop_server(ep); /* ep stays, homed on core 1, with nobody receiving */
	CHECK_EQ(sys_send(ep, &m, TIMEOUT_NONE), ERR_TIMEOUT);
	CHECK_EQ(sys_call(ep, &m, 5000 * US), ERR_TIMEOUT);
	CHECK_EQ(sys_recv(ep, &m, TIMEOUT_NONE), ERR_TIMEOUT);
	CHECK_EQ(sys_recv(ep, &m, 3000 * US), ERR_TIMEOUT);
	CHECK_EQ(sys_call(ep + 4096, &m, TIMEOUT_FOREVER), ERR_BAD_HANDLE);
	CHECK_EQ(sys_handle_close(ep), 0);
	CHECK_EQ(sys_handle_close(idle), 0);
}

static void waiter(unsigned int n)
{
	unsigned int bits = 0;
	int err = sys_wait(n, &bits, TIMEOUT_FOREVER);

	waited_status = err ? err : (int)bits;
	__atomic_fetch_add(&exited, 1, __ATOMIC_RELEASE);
	sys_thread_exit();
}

static void test_notify_across_cores(void)
{
	int n = sys_notify_create(); /* homed on core 0 */
	unsigned int bits = 0, before = exited;

	CHECK(n > 0);
	CHECK(spawn_on(cores() - 1, waiter, ROOT_PRIO, n) > 0);
	sys_sleep(5 * MS);
	CHECK_EQ(sys_signal(n, 0x30), 0);
	CHECK(wait_for(&exited, before + 1));
	CHECK_EQ(waited_status, 0x30);

	/* The other way: the notification on core 1, waited on and polled from here. */
	published = 0;
	CHECK(spawn_on(1, make_endpoint_and_exit, ROOT_PRIO, 0) > 0); /* any object will do */
	CHECK(wait_for(&published, 1));
	CHECK_EQ(sys_poll(published, &bits), ERR_WRONG_TYPE);
	CHECK_EQ(sys_wait(n, &bits, TIMEOUT_NONE), ERR_TIMEOUT);
	CHECK_EQ(sys_signal(n, 0x1), 0);
	CHECK_EQ(sys_poll(n, &bits), 0);
	CHECK_EQ(bits, 0x1);
}

static void make_notify_and_exit(unsigned int unused)
{
	__atomic_store_n(&published, (handle_t)sys_notify_create(), __ATOMIC_RELEASE);
	sys_thread_exit();
}

/* Wait on the notification published names; note when this thread ran after (1-based). */
static void note_wake(unsigned int slot)
{
	unsigned int bits = 0;

	sys_wait(published, &bits, TIMEOUT_FOREVER);
	woke_at[slot] = __atomic_add_fetch(&woke_seq, 1, __ATOMIC_ACQ_REL);
	__atomic_fetch_add(&exited, 1, __ATOMIC_RELEASE);
	sys_thread_exit();
}

/*
 * One request wakes two threads on an idle core, the lower priority first
 * (a notification's waiters, woken in order when it is destroyed): the
 * higher one runs first all the same. The first is handed the idle core
 * at once (kernel/sched.c, enqueue()) and must give it back.
 */
static void test_wake_order_on_idle_core(void)
{
	unsigned int c = cores() - 1, before = exited;

	published = 0;
	woke_seq = 0;
	CHECK(spawn_on(c, make_notify_and_exit, ROOT_PRIO, 0) > 0);
	CHECK(wait_for(&published, 1));
	CHECK(spawn_on(c, note_wake, ROOT_PRIO + 1, 0) > 0);
	sys_sleep(5 * MS);
	CHECK(spawn_on(c, note_wake, ROOT_PRIO + 2, 1) > 0);
	sys_sleep(5 * MS);
	CHECK_EQ(sys_handle_close(published), 0);
	CHECK(wait_for(&exited, before + 2));
	CHECK_EQ(woke_at[1], 1);
	CHECK_EQ(woke_at[0], 2);
}

/*
 * Signals to a notification homed on another core are posted (notify.h):
 * the call returns at once, and this thread's next request to that core
 * (a poll) sees every bit it posted before, however many signals were
 * folded into one post; errors are still the caller's.
 */
static void test_signal_posted_across_cores(void)
{
	unsigned int bits = 0;
	int n, send;

	published = 0;
	CHECK(spawn_on(1, make_notify_and_exit, ROOT_PRIO, 0) > 0);
	CHECK(wait_for(&published, 1));
	n = (int)published;
	send = sys_handle_copy((handle_t)n, boot_info->self_space, RIGHT_SEND, 0);
	CHECK(send > 0);
	for (unsigned int i = 0; i < 32; i++)
		CHECK_EQ(sys_signal((handle_t)send, 1u << i), 0);
	CHECK_EQ(sys_poll((handle_t)n, &bits), 0);
	CHECK_EQ(bits, 0xffffffffu);
	CHECK_EQ(sys_signal((handle_t)send, 0), 0); /* nothing */
	CHECK_EQ(sys_poll((handle_t)n, &bits), 0);
	CHECK_EQ(bits, 0);
	CHECK_EQ(sys_signal((handle_t)send, 0x5), 0);
	CHECK_EQ(sys_wait((handle_t)n, &bits, TIMEOUT_NONE), 0);
	CHECK_EQ(bits, 0x5);
	CHECK_EQ(sys_poll((handle_t)send, &bits), ERR_NO_RIGHTS);
	CHECK_EQ(sys_signal(0xfff, 1), ERR_BAD_HANDLE);
	/* Closing the last handles while a post may be in flight: the post keeps it. */
	CHECK_EQ(sys_signal((handle_t)send, 0x8), 0);
	CHECK_EQ(sys_handle_close((handle_t)send), 0);
	CHECK_EQ(sys_handle_close((handle_t)n), 0);
}

static void count_forever(unsigned int unused)
{
	for (;;) {
		__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
		sys_yield();
	}
}

static void test_thread_ops_across_cores(void)
{
	int t = spawn_on(cores() - 1, count_forever, ROOT_PRIO - 10, 0);
	unsigned int seen;

	CHECK(t > 0);
	CHECK(wait_for(&counter, 100));
	CHECK_EQ(sys_thread_suspend(t), 0);
	CHECK_EQ(sys_thread_suspend(t), ERR_STATE);
	sys_sleep(2 * MS);
	seen = counter;
	sys_sleep(10 * MS);
	CHECK_EQ(counter, seen); /* suspended on its core: no progress */
	CHECK_EQ(sys_thread_set_prio(t, ROOT_PRIO - 20), 0);
	CHECK_EQ(sys_thread_set_prio(t, ROOT_PRIO), ERR_INVALID); /* above its maximum */
	CHECK_EQ(sys_thread_resume(t), 0);
	CHECK(wait_for(&counter, seen + 100));
	/* Move it around every core; it keeps counting wherever it is. */
	for (unsigned int c = 0; c < cores(); c++) {
		CHECK_EQ(sys_thread_move(t, c), 0);
		seen = counter;
		CHECK(wait_for(&counter, seen + 50));
	}
	CHECK_EQ(sys_thread_move(t, 9), ERR_INVALID);
	CHECK_EQ(sys_handle_close(t), 0); /* its last handle: destroyed on its core */
	sys_sleep(5 * MS);
	seen = counter;
	sys_sleep(10 * MS);
	CHECK_EQ(counter, seen);
}

static void test_destroy_under_remote_waiter(void)
{
	int n = sys_notify_create(),
	    mine = sys_handle_copy(n, boot_info->self_space, RIGHTS_ALL, 0);
	unsigned int before = exited;
	int t;

	CHECK(n > 0 && mine > 0);
	/* A waiter on core 1 blocks on the notification homed here; closing it wakes it. */
	CHECK(spawn_on(1, waiter, ROOT_PRIO, n) > 0);
	sys_sleep(5 * MS);
	CHECK_EQ(sys_handle_close(mine), 0);
	CHECK_EQ(sys_handle_close(n), 0);
	CHECK(wait_for(&exited, before + 1));
	CHECK_EQ(waited_status, ERR_STATE);

	/* A thread held on another core's endpoint is destroyed: memory comes back. */
	handle_t ep = start_server(1);
	int kmem;

	stop_server(ep);
	kmem = sys_kmem_available(boot_info->self_space);
	t = sys_thread_create(boot_info->self_space, 2 % cores(), ROOT_PRIO, ROOT_PRIO);
	CHECK(t > 0);
	CHECK_EQ(start(t, serve_on, ep), 0); /* waits in recv, held by core 1 */
	sys_sleep(5 * MS);
	CHECK(sys_kmem_available(boot_info->self_space) < kmem);
	CHECK_EQ(sys_handle_close(t), 0);
	/* The release crosses cores: a loaded host may take more than a few ms. */
	for (int i = 0; i < 200 && sys_kmem_available(boot_info->self_space) != kmem; i++)
		sys_sleep(5 * MS);
	CHECK_EQ(sys_kmem_available(boot_info->self_space), kmem);
	CHECK_EQ(sys_handle_close(ep), 0);
}

static void fault_then_count(unsigned int unused)
{
	*(volatile unsigned int *)0x40000000 = 1; /* no mapping: the handler moves us on */
	sys_thread_exit();
}

static void after_fault(unsigned int unused)
{
	__atomic_fetch_add(&fault_fixed, 1, __ATOMIC_RELEASE);
	sys_thread_exit();
}

static void test_fault_handler_on_another_core(void)
{
	int ep = sys_endpoint_create(); /* homed here, core 0 */
	int t = sys_thread_create(boot_info->self_space, cores() - 1, ROOT_PRIO, ROOT_PRIO);
	struct msg m = {0};

	CHECK(ep > 0 && t > 0);
	CHECK_EQ(sys_thread_set_fault_handler(t, ep), 0);
	CHECK_EQ(start(t, fault_then_count, 0), 0);
	CHECK_EQ(sys_recv(ep, &m, 1000000 * US), 0);
	CHECK_EQ(IPC_LABEL(m.info), FAULT_LABEL);
	CHECK_EQ(m.fault.kind, FAULT_DATA);
	CHECK_EQ(m.fault.addr, 0x40000000);
	m = (struct msg){.info = IPC_INFO(0, 2),
			 .fault_reply = {.action = FAULT_RESUME, .pc = (unsigned int)after_fault}};
	CHECK_EQ(sys_reply(&m), 0);
	CHECK(wait_for(&fault_fixed, 1));
}

static void exit_now(unsigned int unused)
{
	__atomic_fetch_add(&exited, 1, __ATOMIC_RELEASE);
	sys_thread_exit();
}

/* SYS_KSTAT's counters move as cross-core work happens; its errors; moving a stopped thread. */
static void test_kstat_and_move_errors(void)
{
	unsigned int c = cores() - 1, before = exited;
	int sent = sys_kstat(boot_info->irq_control, 0, KSTAT_XCALLS_SENT);
	int t = spawn_on(c, exit_now, ROOT_PRIO, 0);

	CHECK(sent >= 0 && t > 0);
	CHECK(wait_for(&exited, before + 1));
	CHECK(sys_kstat(boot_info->irq_control, 0, KSTAT_XCALLS_SENT) > sent); /* the start went */
	CHECK(sys_kstat(boot_info->irq_control, c, KSTAT_XCALLS_HANDLED) > 0);
	CHECK(sys_kstat(boot_info->irq_control, 0, KSTAT_TICKS) > 0);
	CHECK_EQ(sys_kstat(boot_info->irq_control, 4, KSTAT_TICKS), ERR_INVALID);
	CHECK_EQ(sys_kstat(boot_info->irq_control, 0, KSTAT_COUNT), ERR_INVALID);
	CHECK_EQ(sys_kstat(boot_info->self_space, 0, KSTAT_TICKS), ERR_WRONG_TYPE);
	CHECK_EQ(sys_kstat(0, 0, KSTAT_TICKS), ERR_BAD_HANDLE);
	int no_read =
		sys_handle_copy(boot_info->irq_control, boot_info->self_space, RIGHT_MANAGE, 0);

	CHECK_EQ(sys_kstat(no_read, 0, KSTAT_TICKS), ERR_NO_RIGHTS);
	CHECK_EQ(sys_thread_move(t, 0), ERR_STATE); /* it has exited */
	CHECK_EQ(sys_handle_close(t), 0);
}

static const struct utest tests[] = {
	{"xcore_threads_on_every_core", test_threads_on_every_core},
	{"xcore_call_reply", test_call_reply_across_cores},
	{"xcore_register_shapes", test_register_shapes_across_cores},
	{"xcore_three_cores_one_call", test_three_cores_one_call},
	{"xcore_timeouts_and_errors", test_timeouts_across_cores},
	{"xcore_notify", test_notify_across_cores},
	{"xcore_thread_ops_and_move", test_thread_ops_across_cores},
	{"xcore_signal_posted", test_signal_posted_across_cores},
	{"xcore_destroy_under_waiter", test_destroy_under_remote_waiter},
	{"xcore_wake_order_on_idle_core", test_wake_order_on_idle_core},
	{"xcore_fault_handler", test_fault_handler_on_another_core},
	{"xcore_kstat_and_move_errors", test_kstat_and_move_errors},
};

void root_run_smp_tests(void)
{
	const char *suite = "user-level cross-core tests";
	int n = sizeof(tests) / sizeof(tests[0]);

	if (boot_info->cores < 2)
		ktap_skip_suite(suite, tests, n, "needs two cores or more");
	else
		ktap_run(suite, tests, n);
}
