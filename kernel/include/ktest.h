/* SPDX-License-Identifier: MIT */
/*
 * In-kernel self-tests, registered in a linker section and reported as KTAP:
 *
 *   KTAP version 1
 *   ok 1 - cores_online
 *   not ok 2 - ipi_cpu1_to_cpu2 # no IPI after 100 ms
 *   1..2
 *
 * A test function may report several results (one per core pair, say).
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct ktest {
	const char *name;
	void (*fn)(void);
};

/* KTEST(name) { body } defines and registers a test. */
#define KTEST(tname)                                                      \
	static void ktest_##tname(void);                                  \
	static const struct ktest ktest_entry_##tname __section(".ktest") \
		__used __aligned(4) = {#tname, ktest_##tname};            \
	static void ktest_##tname(void)

/*
 * KTEST_SETUP(fn) runs fn() on the boot core before any other core starts
 * and before interrupts are enabled: the place to register IPI handlers.
 */
#define KTEST_SETUP(fn) \
	static void (*const ktest_setup_##fn)(void) __section(".ktest_setup") __used = fn

/** ktest_setup_all() - run every KTEST_SETUP function. Boot core, early. */
void ktest_setup_all(void);

/** ktest_result() - report one result; @fmt names it. Boot core only. */
void ktest_result(bool ok, const char *fmt, ...) __printf(2, 3);

/** ktest_note() - a "# ..." diagnostic line for the result that follows. */
void ktest_note(const char *fmt, ...) __printf(1, 2);

/** ktest_run_all() - run every registered test and print the plan. Boot core. */
void ktest_run_all(void);

/** ktest_wait() - spin (in WFE/WFI) until @done() or @ms pass; true if done. */
bool ktest_wait(bool (*done)(void), uint32_t ms);
