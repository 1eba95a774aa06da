/* SPDX-License-Identifier: MIT */
/*
 * The native runtime: console output and a KTAP test helper for user-level
 * suites; with it the shared formatter and error names (err_name()).
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

#include <cella/sys.h>

#include <shared/err.h>
#include <shared/format.h>

/** printf() - format (shared/format.c) and write through SYS_DEBUG_WRITE. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A user-level test: a named function in a table, run in order. */
struct utest {
	const char *name;
	void (*fn)(void);
};

/** ktap_run() - run @n tests as a KTAP suite named @suite; returns failures. */
int ktap_run(const char *suite, const struct utest *tests, int n);

/** ktap_check() - record one condition of the running test; false makes it fail. */
void ktap_check(int ok, const char *what, int line);

/** ktap_skip_suite() - report each of @n tests of @suite as skipped for reason @why. */
void ktap_skip_suite(const char *suite, const struct utest *tests, int n, const char *why);

/** ktap_skip() - the running test does not apply here, for reason @why (a literal): it returns. */
void ktap_skip(const char *why);

/** ktap_result() - a result line of its own (a test reporting several). */
void ktap_result(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define CHECK(cond) ktap_check(!!(cond), #cond, __LINE__)
#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		long _a = (long)(a), _b = (long)(b);                                               \
		if (_a != _b)                                                                      \
			printf("# %s:%d: %s == %ld, expected %s == %ld\n", __FILE__, __LINE__, #a, \
			       _a, #b, _b);                                                        \
		ktap_check(_a == _b, #a " == " #b, __LINE__);                                      \
	} while (0)
