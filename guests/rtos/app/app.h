/* SPDX-License-Identifier: MIT */
/*
 * The demonstration application, which is also the benchmark: periodic
 * tasks at 1 kHz and 100 Hz, a sporadic task released by the SP804, a
 * background load, and the console that reports on them.
 */
#pragma once

#include <stddef.h>

#include <board/board.h>

#define APP_TASKS 4 /* the benchmark's tasks; the console and idle come on top */

/** app_init() - create the tasks and start the interrupt sources of @b. */
void app_init(const struct board *b);

/** app_status() - print the status lines (runs, misses, interrupt latency). */
void app_status(void);

/**
 * app_status_format() - the status as text into @buf of @cap bytes (cut
 * short if it does not fit): the runs and misses, @sep, the interrupt
 * latency; its length. The console and the telemetry both use it.
 */
size_t app_status_format(char *buf, size_t cap, const char *sep);

/** app_fault() - make the background task read an unmapped address. */
void app_fault(void);

/** selftest_run() - the KTAP suite of the RTOS's primitives, on the console. */
void selftest_run(void);

/**
 * telemetry_init() - if @b has a telemetry channel, a task that writes the
 * status into it once a second (telemetry.c); otherwise nothing.
 */
void telemetry_init(const struct board *b);

/** app_demo_init() - the benchmark's tasks and the SP804 (demo.c). */
void app_demo_init(const struct board *b);

/** app_demo_format() - the runs and misses part of the status, into @buf (demo.c). */
size_t app_demo_format(char *buf, size_t cap);
