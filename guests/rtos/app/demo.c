// SPDX-License-Identifier: MIT
/*
 * The benchmark's tasks. Each periodic task runs once per period from a
 * fixed grid of release times (sleep until the next absolute release) and
 * misses its deadline if it finishes after the end of its period; the
 * sporadic task must finish within its relative deadline of the SP804
 * interrupt that released it. The background load runs flat out, or, with
 * the boot argument rtos.background=paced, one burst a millisecond, so that
 * the RTOS idles (in WFI) most of the time: on a core it shares with
 * another guest, that guest then gets the rest.
 */
#include <rtos/rtos.h>

#include <app/app.h>
#include <board/board.h>
#include <board/sp804.h>
#include <lib/print.h>

#define CTL_PRIO       30
#define SPORADIC_PRIO  25
#define HZ100_PRIO     20
#define BG_PRIO	       1
#define SPORADIC_US    7000 /* the SP804's period: a release every 7 ms */
#define SPORADIC_DL_US 2000
#define CTL_WORK       200 /* loop iterations of "control law" per period */
#define HZ100_WORK     5000
#define DEMO_STACK     1024
#define BG_PACE_US     1000 /* paced: one burst of background work per period */
#define BG_PACED_ARG   "rtos.background=paced"

struct periodic {
	struct task task;
	uint32_t period_us, work;
	volatile uint32_t runs, misses;
};

static struct periodic ctl = {.period_us = 1000, .work = CTL_WORK};
static struct periodic hz100 = {.period_us = 10000, .work = HZ100_WORK};
static struct task sporadic_task, bg_task;
static struct sem sporadic_sem;
static volatile rtime_t sporadic_release;
static volatile uint32_t sporadic_runs, sporadic_misses, bg_loops;
static volatile int fault_requested;
static bool bg_paced;
TASK_STACK(ctl_stack, DEMO_STACK);
TASK_STACK(hz100_stack, DEMO_STACK);
TASK_STACK(sporadic_stack, DEMO_STACK);
TASK_STACK(bg_stack, DEMO_STACK);

static void work(uint32_t n)
{
	static volatile uint32_t sink;

	for (uint32_t i = 0; i < n; i++)
		sink = sink * 1103515245u + 12345u;
}

static void periodic_entry(void *arg)
{
	struct periodic *p = arg;
	rtime_t period = rtos_us(p->period_us);
	rtime_t release = rtos_now();

	for (;;) {
		release += period;
		task_sleep_until(release);
		work(p->work);
		p->runs++;
		if (rtos_now() > release + period)
			p->misses++;
	}
}

/* From the SP804's interrupt handler. */
static void sporadic_release_isr(void)
{
	sporadic_release = rtos_now();
	sem_give_isr(&sporadic_sem);
}

static void sporadic_entry(void *arg)
{
	rtime_t deadline = rtos_us(SPORADIC_DL_US);

	for (;;) {
		sem_take(&sporadic_sem, RTOS_FOREVER);
		work(CTL_WORK);
		sporadic_runs++;
		if (rtos_now() > sporadic_release + deadline)
			sporadic_misses++;
	}
}

static void bg_entry(void *arg)
{
	for (;;) {
		work(100);
		bg_loops++;
		if (fault_requested)
			bg_loops += *(volatile uint32_t *)0; /* section 0 is not mapped */
		if (bg_paced)
			task_sleep(rtos_us(BG_PACE_US));
	}
}

void app_fault(void)
{
	fault_requested = 1;
}

static void create_tasks(void)
{
	task_create(&ctl.task, "ctl-1khz", CTL_PRIO, periodic_entry, &ctl, ctl_stack,
		    sizeof(ctl_stack));
	task_create(&hz100.task, "ctl-100hz", HZ100_PRIO, periodic_entry, &hz100, hz100_stack,
		    sizeof(hz100_stack));
	task_create(&sporadic_task, "sporadic", SPORADIC_PRIO, sporadic_entry, NULL, sporadic_stack,
		    sizeof(sporadic_stack));
	task_create(&bg_task, "background", BG_PRIO, bg_entry, NULL, bg_stack, sizeof(bg_stack));
}

void app_demo_init(const struct board *b)
{
	sem_init(&sporadic_sem, 0, 1);
	bg_paced = board_has_arg(b, BG_PACED_ARG);
	if (bg_paced)
		print("rtos: background paced: one burst every %u us\n", BG_PACE_US);
	create_tasks();
	if (b->sp804)
		sp804_start(b->sp804, b->sp804_irq, SPORADIC_US, sporadic_release_isr);
}

size_t app_demo_format(char *buf, size_t cap)
{
	uint32_t misses = ctl.misses + hz100.misses + sporadic_misses;

	return print_buf(buf, cap,
			 "runs ctl-1khz=%u ctl-100hz=%u sporadic=%u background=%u "
			 "misses ctl-1khz=%u ctl-100hz=%u sporadic=%u total=%u",
			 (unsigned)ctl.runs, (unsigned)hz100.runs, (unsigned)sporadic_runs,
			 (unsigned)bg_loops, (unsigned)ctl.misses, (unsigned)hz100.misses,
			 (unsigned)sporadic_misses, (unsigned)misses);
}
