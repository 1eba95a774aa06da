// SPDX-License-Identifier: MIT
/* KTAP output for the kernel's self-tests and the user-level suites. */
#include <shared/format.h>
#include <shared/ktap.h>

/* Long enough for "not ok NNNN - " and the longest test name. */
#define KTAP_LINE_MAX 128

static void ktap_printf(struct ktap *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ktap_printf(struct ktap *k, const char *fmt, ...)
{
	char line[KTAP_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	k->print(line);
}

void ktap_begin(struct ktap *k, const char *title)
{
	k->results = 0;
	k->failures = 0;
	ktap_printf(k, "KTAP version 1\n");
	ktap_printf(k, "# %s\n", title);
}

void ktap_vresult(struct ktap *k, bool ok, const char *fmt, va_list ap)
{
	char name[96];

	vformat(name, sizeof(name), fmt, ap);
	k->results++;
	k->failures += !ok;
	ktap_printf(k, "%s %u - %s\n", ok ? "ok" : "not ok", k->results, name);
}

unsigned int ktap_end(struct ktap *k, const char *suite)
{
	ktap_printf(k, "1..%u\n", k->results);
	ktap_printf(k, "# %s: %u ok, %u not ok\n", suite, k->results - k->failures, k->failures);
	return k->failures;
}
