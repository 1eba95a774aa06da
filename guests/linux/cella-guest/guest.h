// SPDX-License-Identifier: MIT
/*
 * cella-guest: the Linux guest's init, self-check and benchmark program.
 * Declarations shared by its files.
 */
#pragma once

#include <stdint.h>

/* Where init leaves the counter value at the ready line for `cella-guest bench`. */
#define READY_FILE "/tmp/cella-ready"

/** One KTAP self-check over the booted system; 0 if every case passed. */
int check_run(void);

/** The CPUs the device tree describes, or -1 if it cannot be read. */
int check_dt_cpus(void);

/** The CPUs online (from sysfs), or -1. */
int check_online_cpus(void);

/** The RAM size the device tree describes in MiB, or -1. */
long check_dt_mem_mib(void);

/** PID 1: mount, check, announce, then keep a shell on the console. Never returns. */
void init_main(void);

/** `cella-guest bench`: the benchmarks as a table and one JSON line; 0 on success. */
int bench_main(void);

/**
 * `cella-guest channel NAME send|recv [COUNT] | stats` with @argv from NAME:
 * a channel's stream through its UIO device; 0 if every record was good.
 */
int channel_main(int argc, char **argv);

/** The generic timer's virtual count (user-readable on Linux). */
uint64_t counter_read(void);

/** The generic timer's frequency in Hz. */
uint32_t counter_freq(void);

/** Nanoseconds of CLOCK_MONOTONIC (virtual: one per instruction under icount). */
uint64_t now_ns(void);

/* The compute suite: one operation of each; each returns a value to keep. */
uint32_t work_hash(void);
uint32_t work_sort(void);
uint32_t work_crc(void);
uint32_t work_intmath(void);
uint32_t work_fpmath(void);

/** Sets up the suite's inputs and checks each kernel's result; 0 if right. */
int work_init(void);

/** `cella-guest work ROUNDS`: the suite ROUNDS times, then its time; 0 on success. */
int work_main(unsigned int rounds);
