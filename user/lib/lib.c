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

int ktap_run(const char *suite, const struct utest *tests, int n)
{
	ktap_begin(&ktap, suite);
	for (int i = 0; i < n; i++) {
		test_ok = 1;
		tests[i].fn();
		ktap_result(test_ok, "%s", tests[i].name);
	}
	return (int)ktap_end(&ktap, suite);
}
