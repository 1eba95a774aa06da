// SPDX-License-Identifier: MIT
/*
 * Kernel micro-benchmarks, run by the root task when booted with `bench`
 * (./cella bench boots with QEMU -icount shift=0: one virtual nanosecond
 * per instruction, so counter time is instruction count). Each figure is
 * the total over ITERATIONS operations, after WARMUP untimed ones, divided
 * by ITERATIONS: instructions per operation, user-level stubs included.
 * Printed as "bench: <key> <instructions>" lines for the host to collect.
 */
#include <cella/lib.h>
#include <cella/time.h>

#include "root.h"

#define WARMUP	     100
#define ITERATIONS   10000
#define SERVER_STACK (USER_BASE + 0x00700000) /* in the server space */

static volatile int stop;
static handle_t ep, note;

/*
 * The user-level clock (<cella/time.h>): on ARMv7 the virtual counter, the
 * same count as the physical one for native threads (CNTVOFF is 0; QEMU 7.2
 * checks the wrong CNTHCTL bit for user reads of the physical counter and
 * traps them); on ARMv5 the kernel's SP804 clock (1 MHz).
 */
unsigned long long bench_counter(void)
{
	return counter_now();
}

static unsigned int counter_freq(void)
{
	return counter_frequency();
}

void bench_report_total(const char *key, unsigned long long ticks, unsigned int ops)
{
	unsigned long long tenths = ticks * 10000000000ull / counter_freq() / ops;

	printf("bench: %s %llu.%llu\n", key, tenths / 10, tenths % 10);
}

/* Instructions (virtual ns) per operation over ITERATIONS operations. */
static void report(const char *key, unsigned long long ticks)
{
	bench_report_total(key, ticks, ITERATIONS);
}

/* Time @op run ITERATIONS times (after a warm-up). */
static unsigned long long timed(void (*op)(void))
{
	for (int i = 0; i < WARMUP; i++)
		op();
	unsigned long long start = bench_counter();

	for (int i = 0; i < ITERATIONS; i++)
		op();
	return bench_counter() - start;
}

static void poll_once(void)
{
	unsigned int bits;

	sys_poll(note, &bits);
}

static void yield_once(void)
{
	sys_yield();
}

static void yielder(unsigned int unused)
{
	while (!stop)
		sys_yield();
	sys_thread_exit();
}

static void signal_once(void)
{
	sys_signal(note, 1);
}

static void waiter(unsigned int unused)
{
	unsigned int bits;

	while (!sys_wait(note, &bits, TIMEOUT_FOREVER))
		;
	sys_thread_exit();
}

static void call_once(void)
{
	struct msg m = {.info = IPC_INFO(1, 2), .mr = {1, 2}};

	sys_call(ep, &m, TIMEOUT_FOREVER);
}

/* The server: answer every call with its first word + 1. */
static void server(unsigned int endpoint)
{
	struct msg m = {0};

	sys_recv(endpoint, &m, TIMEOUT_FOREVER);
	for (;;) {
		m.info = IPC_INFO(0, 1);
		m.mr[0]++;
		sys_reply_recv(endpoint, &m, TIMEOUT_FOREVER);
	}
}

/* A server thread in a space of its own (sharing the image), as IPC usually is. */
static int start_server(void)
{
	int s = sys_space_create(carve(64 << 10), 0);
	int in_s = sys_handle_copy(ep, s, RIGHT_RECV, 0);
	int t = sys_thread_create(s, 0, ROOT_PRIO + 10, ROOT_PRIO + 10);

	if (s < 0 || in_s < 0 || t < 0 ||
	    sys_memory_map(s, boot_info->self_image, ROOT_IMAGE_ADDR,
			   RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC) ||
	    sys_memory_map(s, carve(8192), SERVER_STACK, RIGHT_READ | RIGHT_WRITE))
		return -1;
	return sys_thread_start(t, server, (void *)(SERVER_STACK + 8192), in_s);
}

void root_run_bench(void)
{
	ep = sys_endpoint_create();
	note = sys_notify_create();
	printf("# bench: %d operations each, counter at %u Hz\n", ITERATIONS, counter_freq());
	report("null_syscall", timed(poll_once));
	if (spawn(yielder, ROOT_PRIO, ROOT_PRIO, 0) < 0)
		printf("# bench: cannot start the yielder\n");
	report("thread_switch", timed(yield_once) / 2); /* two switches per yield */
	stop = 1;
	sys_yield();
	if (spawn(waiter, ROOT_PRIO + 10, ROOT_PRIO + 10, 0) < 0)
		printf("# bench: cannot start the waiter\n");
	report("notify_signal_to_wake", timed(signal_once));
	if (start_server())
		printf("# bench: cannot start the server\n");
	report("ipc_same_core_roundtrip", timed(call_once));
	root_run_bench_smp();
}
