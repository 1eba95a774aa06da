// SPDX-License-Identifier: MIT
/* The native runtime: printf through the debug console, KTAP suites. */
#include <cella/lib.h>

#include <shared/ktap.h>

static int vprint(const char *fmt, va_list ap)
{
	char line[256];
	int n = vformat(line, sizeof(line), fmt, ap);

	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	return sys_debug_write(line, (unsigned int)n);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprint(fmt, ap);
	va_end(ap);
	return n;
}

static void ktap_print(const char *line)
{
	printf("%s", line);
}

/* The running suite (one thread runs a suite at a time): its counts and its test's verdict. */
static struct ktap ktap = {.print = ktap_print};
static int test_ok;
static const char *test_skipped; /* why the running test skipped, or NULL */

void ktap_check(int ok, const char *what, int line)
{
	if (!ok) {
		printf("# check failed at line %d: %s\n", line, what);
		test_ok = 0;
	}
}

void ktap_result(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_vresult(&ktap, ok, fmt, ap);
	va_end(ap);
}

void ktap_skip(const char *why)
{
	test_skipped = why;
}

int ktap_run(const char *suite, const struct utest *tests, int n)
{
	ktap_begin(&ktap, suite);
	for (int i = 0; i < n; i++) {
		test_ok = 1;
		test_skipped = NULL;
		tests[i].fn();
		if (test_skipped)
			ktap_result(test_ok, "%s # SKIP %s", tests[i].name, test_skipped);
		else
			ktap_result(test_ok, "%s", tests[i].name);
	}
	return (int)ktap_end(&ktap, suite);
}

void ktap_skip_suite(const char *suite, const struct utest *tests, int n, const char *why)
{
	ktap_begin(&ktap, suite);
	for (int i = 0; i < n; i++)
		ktap_result(1, "%s # SKIP %s", tests[i].name, why);
	ktap_end(&ktap, suite);
}
