// SPDX-License-Identifier: MIT
/* The in-kernel self-test runner: KTAP output, tests from the .ktest section. */
#include <console.h>
#include <cpu.h>
#include <ktest.h>
#include <timer.h>

#include <shared/format.h>
#include <shared/ktap.h>

extern const struct ktest __ktest_start[], __ktest_end[];
extern void (*const __ktest_setup_start[])(void), (*const __ktest_setup_end[])(void);

static void ktest_print(const char *line)
{
	kprintf("%s", line);
}

/* Used only by the boot core while it runs the tests. */
static struct ktap ktap = {.print = ktest_print};

void ktest_note(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf("# %s\n", msg);
}

void ktest_result(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_vresult(&ktap, ok, fmt, ap);
	va_end(ap);
}

bool ktest_wait(bool (*done)(void), uint32_t ms)
{
	ticks_t deadline = timer_now() + timer_ms(ms);

	while (!done()) {
		if (timer_now() >= deadline)
			return false;
		arch_wait_event();
	}
	return true;
}

void ktest_setup_all(void)
{
	for (void (*const *fn)(void) = __ktest_setup_start; fn < __ktest_setup_end; fn++)
		(*fn)();
}

void ktest_run_all(void)
{
	char title[40];

	format(title, sizeof(title), "kernel self-tests on cpu%u", this_cpu()->id);
	ktap_begin(&ktap, title);
	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++)
		t->fn();
	ktap_end(&ktap, "ktest");
}
