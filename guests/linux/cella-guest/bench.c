// SPDX-License-Identifier: MIT
/*
 * `cella-guest bench`: Linux's own costs and the compute suite, per
 * operation, in CLOCK_MONOTONIC nanoseconds (under QEMU -icount shift=0
 * one per instruction, summed over every core: DESIGN.md, Measuring).
 * Each figure is the mean over a fixed count after an untimed warm-up.
 * Prints "bench: <key> <value>" lines and one "bench-json: {...}" line.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#define MAX_FIGURES 16
#define SYSCALLS    100000
#define PINGPONGS   10000
#define YIELDS	    20000
#define WORK_OPS    500

struct figure {
	const char *key;
	double value;
};

static struct figure figures[MAX_FIGURES];
static int nfigures;
static volatile uint32_t sink;

static void add(const char *key, double value)
{
	if (nfigures < MAX_FIGURES)
		figures[nfigures++] = (struct figure){key, value};
	printf("bench: %s %.1f\n", key, value);
	fflush(stdout);
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* From reset to the ready line: the counter value init recorded. */
static int boot_to_ready(void)
{
	unsigned long long count;
	unsigned freq;
	FILE *f = fopen(READY_FILE, "r");
	int n = f ? fscanf(f, "%llu %u", &count, &freq) : 0;

	if (f)
		fclose(f);
	if (n != 2 || !freq)
		return -1;
	add("linux_boot_to_ready", (double)count * 1e9 / freq);
	return 0;
}

static void null_syscall(void)
{
	uint64_t t0, t1;

	for (int i = 0; i < SYSCALLS / 10; i++)
		syscall(SYS_getppid);
	t0 = now_ns();
	for (int i = 0; i < SYSCALLS; i++)
		syscall(SYS_getppid);
	t1 = now_ns();
	add("linux_null_syscall", (double)(t1 - t0) / SYSCALLS);
}

static void echo_forever(int cpu, int in, int out)
{
	char c;

	pin(cpu);
	while (read(in, &c, 1) == 1 && write(out, &c, 1) == 1)
		;
	_exit(0);
}

static void round_trips(int out, int in, int n)
{
	char c = 'x';

	for (int i = 0; i < n; i++)
		if (write(out, &c, 1) != 1 || read(in, &c, 1) != 1)
			exit(1);
}

/* One byte to a child pinned to @cpu and back through two pipes: per round trip. */
static int pipe_pingpong(const char *key, int cpu)
{
	int to[2], from[2];
	uint64_t t0, t1;
	pid_t pid;

	if (pipe(to) || pipe(from))
		return -1;
	pid = fork();
	if (pid == 0) {
		/* The child must hold no write end of its input, or it never sees EOF. */
		close(to[1]);
		close(from[0]);
		echo_forever(cpu, to[0], from[1]);
	}
	close(to[0]);
	close(from[1]);
	if (pid < 0)
		return -1;
	round_trips(to[1], from[0], PINGPONGS / 10);
	t0 = now_ns();
	round_trips(to[1], from[0], PINGPONGS);
	t1 = now_ns();
	close(to[1]);
	waitpid(pid, NULL, 0);
	close(from[0]);
	add(key, (double)(t1 - t0) / PINGPONGS);
	return 0;
}

static pthread_barrier_t start;
static volatile int last_thread = -1;
static volatile long switches;
static uint64_t yield_t0, yield_t1;

/* Each yield that finds the other thread ran since counts one switch. */
static void *yielder(void *arg)
{
	int me = (int)(long)arg;

	pin(0);
	pthread_barrier_wait(&start);
	if (me == 0)
		yield_t0 = now_ns();
	for (int i = 0; i < YIELDS; i++) {
		if (last_thread != me) {
			last_thread = me;
			switches++;
		}
		sched_yield();
	}
	yield_t1 = now_ns();
	return NULL;
}

/* sched_yield between two threads of one process on one core: per switch. */
static int thread_switch(void)
{
	pthread_t t[2];

	pthread_barrier_init(&start, NULL, 2);
	for (long i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, yielder, (void *)i))
			return -1;
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	printf("# thread switch: %ld switches in %d yields\n", switches, 2 * YIELDS);
	if (switches < YIELDS)
		return -1;
	add("linux_thread_switch", (double)(yield_t1 - yield_t0) / switches);
	return 0;
}

static void work(const char *key, uint32_t (*op)(void))
{
	uint64_t t0, t1;

	for (int i = 0; i < WORK_OPS / 10; i++)
		sink += op();
	t0 = now_ns();
	for (int i = 0; i < WORK_OPS; i++)
		sink += op();
	t1 = now_ns();
	add(key, (double)(t1 - t0) / WORK_OPS);
}

static void print_json(void)
{
	printf("bench-json: {");
	for (int i = 0; i < nfigures; i++)
		printf("%s\"%s\": %.1f", i ? ", " : "", figures[i].key, figures[i].value);
	printf("}\n");
}

static int fail(const char *what)
{
	printf("cella-guest bench: %s failed\n", what);
	return 1;
}

int bench_main(void)
{
	if (pin(0))
		return fail("pinning to cpu 0");
	if (work_init())
		return fail("the compute suite's self-check");
	if (boot_to_ready())
		return fail("reading " READY_FILE);
	null_syscall();
	if (pipe_pingpong("linux_pipe_pingpong_same_cpu", 0))
		return fail("pipe ping-pong on one cpu");
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return fail("pipe ping-pong across cpus (needs 2 cpus)");
	if (pipe_pingpong("linux_pipe_pingpong_cross_cpu", 1))
		return fail("pipe ping-pong across cpus");
	if (thread_switch())
		return fail("thread switch");
	work("linux_work_hash", work_hash);
	work("linux_work_sort", work_sort);
	work("linux_work_crc", work_crc);
	work("linux_work_intmath", work_intmath);
	work("linux_work_fpmath", work_fpmath);
	print_json();
	return 0;
}
