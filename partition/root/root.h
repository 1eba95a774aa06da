/* SPDX-License-Identifier: MIT */
/* The root task's parts. */
#pragma once

#include <stdbool.h>
#include <cella/bootinfo.h>

/** service_run() - the partition service (partition/service/); returns only without cells. */
void service_run(const struct bootinfo *bi);

/**
 * root_run_test_mode() - run what the boot arguments choose among the tests;
 * false if they choose none, when the partition service is to run (mode.c in
 * the test image; mode_refuse.c in the product image refuses them all).
 */
bool root_run_test_mode(const struct bootinfo *bi);

/** root_run_tests() - the user-level test suites (partition/root/tests.c). */
void root_run_tests(const struct bootinfo *bi);

/* Shared by the test suites (tests.c); ROOT_PRIO is the uapi's (cella/bootinfo.h). */
#define MS 1000000ull

extern const struct bootinfo *boot_info; /* set by root_run_test_mode() */

/** xorshift32() - the next number of the generator whose state is *@x (not 0). */
static inline unsigned int xorshift32(unsigned int *x)
{
	/* tiny, and the same sequence for the same seed on every run */
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/** carve() - a memory object of @size bytes from the free RAM. */
unsigned int carve(unsigned int size);

/** start() - start the thread @t at @entry(@arg) on the next test stack. */
int start(unsigned int t, void (*entry)(unsigned int), unsigned int arg);

/** spawn() - a started thread in the root space on this core; its handle or an error. */
int spawn(void (*entry)(unsigned int), unsigned int prio, unsigned int max_prio, unsigned int arg);

/** spawn_on() - a started thread in the root space on @core (priority limit @prio). */
int spawn_on(unsigned int core, void (*entry)(unsigned int), unsigned int prio, unsigned int arg);

/** root_run_fuzz() - the system-call fuzzer on every core (fuzz.c). */
void root_run_fuzz(void);

/** root_run_ipc_tests() - the IPC suite (tests_ipc.c). */
void root_run_ipc_tests(void);

/** root_run_bench() - the kernel micro-benchmarks (bench.c). */
void root_run_bench(void);

/** root_run_smp_tests() - the cross-core suite (tests_smp.c). */
void root_run_smp_tests(void);

/** root_run_bench_smp() - the cross-core benchmarks (bench_smp.c). */
void root_run_bench_smp(void);

/** bench_counter() - the virtual counter (instructions, under icount). */
unsigned long long bench_counter(void);

/** bench_report_total() - print "bench: @key <instructions per op>" for @ops ops in @ticks. */
void bench_report_total(const char *key, unsigned long long ticks, unsigned int ops);

/** root_run_irq_tests() - the interrupt suite (tests_irq.c). */
void root_run_irq_tests(void);

/** root_run_vcpu_tests() - the VCPU suite (tests_vcpu.c). */
void root_run_vcpu_tests(void);

/** root_run_space_tests() - the space-destruction suite (tests_space.c). */
void root_run_space_tests(void);

/** root_run_atomic_tests() - user-level atomics under preemption (tests_atomic.c). */
void root_run_atomic_tests(void);

/** root_run_console_tests() - the console-input suite (tests_console.c). */
void root_run_console_tests(void);
