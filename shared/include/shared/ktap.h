/* SPDX-License-Identifier: MIT */
/*
 * KTAP output, the one printer behind the kernel's self-tests (kernel/ktest/ktest.c)
 * and the user-level suites (user/lib/lib.c), so both speak the same lines:
 *
 *   KTAP version 1
 *   # TITLE
 *   ok 1 - NAME
 *   not ok 2 - NAME
 *   1..2
 *   # SUITE: 1 ok, 1 not ok
 *
 * Each side prints through its own console; a suite is run by one thread.
 */
#pragma once

#include <stdarg.h>
#include <stdbool.h>

struct ktap {
	void (*print)(const char *line); /* the side's console: one whole line */
	unsigned int results;
	unsigned int failures;
};

/** ktap_begin() - start a suite on @k (results counted from 0): the header and @title. */
void ktap_begin(struct ktap *k, const char *title);

/** ktap_vresult() - one result line, "ok N - NAME" or "not ok N - NAME", NAME from @fmt. */
void ktap_vresult(struct ktap *k, bool ok, const char *fmt, va_list ap);

/** ktap_end() - the plan line and the summary of suite @suite; returns the failures. */
unsigned int ktap_end(struct ktap *k, const char *suite);
