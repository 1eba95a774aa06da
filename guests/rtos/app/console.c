// SPDX-License-Identifier: MIT
/*
 * The console task: lines typed on the UART (assembled by its receive
 * interrupt, handed over through a message queue) are commands (status,
 * fault, crash, peek ADDR, selftest); without one it prints the status
 * every 5 s.
 */
#include <string.h>

#include <rtos/arch.h>
#include <rtos/rtos.h>

#include <app/app.h>
#include <arch/mmu.h>
#include <arch/vtimer.h>
#include <board/pl011.h>
#include <lib/print.h>

#define CONSOLE_PRIO  10
#define LINE_MAX      32
#define LINES	      4
#define STATUS_EVERY  5000000u /* us */
#define CONSOLE_STACK 2048
#define STATUS_MAX    400 /* the status as text: 385 bytes at most */

struct line {
	char text[LINE_MAX];
};

static struct task console_task;
static struct msgq lines;
static struct line line_buf[LINES];
static struct line rx_line;
static unsigned rx_len;
TASK_STACK(console_stack, CONSOLE_STACK);

/* From the UART's receive interrupt: a whole line goes to the console task. */
static void rx_char(char c)
{
	if (c == '\r' || c == '\n') {
		rx_line.text[rx_len] = 0;
		if (rx_len)
			msgq_send_isr(&lines, &rx_line);
		rx_len = 0;
	} else if (rx_len < LINE_MAX - 1) {
		rx_line.text[rx_len++] = c;
	}
}

size_t app_status_format(char *buf, size_t cap, const char *sep)
{
	struct latency l = vtimer_latency();
	uint64_t mean = l.count ? l.sum / l.count : 0;
	uint64_t mean_ns = l.count ? rtos_ticks_to_ns(l.sum) / l.count : 0; /* finer than mean */
	size_t len = app_demo_format(buf, cap);

	if (!l.count)
		l.min = 0;
	return len + print_buf(buf + len, cap - len,
			       "%sirq latency n=%llu ticks min=%llu mean=%llu max=%llu "
			       "ns min=%llu mean=%llu max=%llu",
			       sep, l.count, l.min, mean, l.max, rtos_ticks_to_ns(l.min), mean_ns,
			       rtos_ticks_to_ns(l.max));
}

void app_status(void)
{
	char text[STATUS_MAX];

	app_status_format(text, sizeof(text), "\nstatus: ");
	print("status: %s\n", text);
}

/* A hexadecimal word of at most 8 digits, "0x" optional, into @v: 0 if @s is one. */
static int parse_hex(const char *s, uint32_t *v)
{
	unsigned n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (*v = 0; s[n] && n < 8; n++) {
		char c = s[n] | 0x20; /* lower case */

		if (c >= '0' && c <= '9')
			*v = *v << 4 | (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v = *v << 4 | (uint32_t)(c - 'a' + 10);
		else
			return -1;
	}
	return n && !s[n] ? 0 : -1;
}

/*
 * "peek ADDR": read the word at physical address ADDR, mapped as a device,
 * and print it; a debugging aid like Linux's devmem. Under a hypervisor an
 * address the guest does not own is the hypervisor's business.
 */
static void peek(const char *arg)
{
	uint32_t pa;

	if (parse_hex(arg, &pa) < 0 || pa & 3 || !mmu_map_device(pa)) {
		print("rtos: usage: peek ADDR (hexadecimal, word-aligned, not in the RTOS's own "
		      "window)\n");
		return;
	}
	print("rtos: peek %08x = %08x\n", (unsigned)pa, (unsigned)*(volatile uint32_t *)pa);
}

/*
 * "crash": read address 0 (unmapped) with interrupts masked, as in one of
 * the kernel's critical sections: a fault in the kernel, which the RTOS
 * does not survive (arch/exc.c: it resets through PSCI, or halts). A test aid.
 */
static void crash(void)
{
	unsigned long flags = arch_irq_save();

	print("rtos: crash: read %08x\n", (unsigned)*(volatile uint32_t *)0);
	arch_irq_restore(flags);
}

static void command(const char *cmd)
{
	if (!strcmp(cmd, "status"))
		app_status();
	else if (!strcmp(cmd, "fault"))
		app_fault();
	else if (!strcmp(cmd, "crash"))
		crash();
	else if (!strncmp(cmd, "peek ", 5))
		peek(cmd + 5);
	else if (!strcmp(cmd, "selftest"))
		selftest_run();
	else
		print("rtos: unknown command '%s' (status, fault, crash, peek ADDR, selftest)\n",
		      cmd);
}

static void console_entry(void *arg)
{
	struct line l;
	rtime_t next = rtos_now() + rtos_us(STATUS_EVERY);

	print("rtos ready: %u tasks\n", APP_TASKS);
	/* The counter now, for a bench of time to ready (./cella bench --system). */
	print("rtos: ready at count %llu\n", (unsigned long long)rtos_now());
	for (;;) {
		rtime_t now = rtos_now();

		if (msgq_receive(&lines, &l, next > now ? next - now : RTOS_NO_WAIT) == 0) {
			command(l.text);
			continue;
		}
		app_status();
		next += rtos_us(STATUS_EVERY);
	}
}

void app_init(const struct board *b)
{
	msgq_init(&lines, line_buf, sizeof(struct line), LINES);
	app_demo_init(b);
	telemetry_init(b);
	task_create(&console_task, "console", CONSOLE_PRIO, console_entry, NULL, console_stack,
		    sizeof(console_stack));
	pl011_rx_attach(b->uart_irq, rx_char);
}
