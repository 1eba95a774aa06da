// SPDX-License-Identifier: MIT
/*
 * Console input by interrupt: the kernel console's receive interrupt
 * (bootinfo's console_irq) is claimed and bound to a notification; a
 * thread of the service waits on it and tells the serving loop with a
 * message on its endpoint (CONSOLE_INPUT_LABEL). So the loop sleeps until
 * something is typed instead of polling: an idle board has no periodic
 * work at all (its cores stop their ticks), and under icount nothing of
 * core 0's is counted in another core's latency (docs/benchmarks.md).
 */
#include <cella/lib.h>

#include "service.h"

#define WAITER_STACK 256 /* words: a wait and a send */

static struct {
	handle_t irq, notify, ep;
} input;

static unsigned int waiter_stack[WAITER_STACK] __attribute__((aligned(8)));

/* Each time the line fires: one message to the loop, which reads and acknowledges. */
static void waiter(unsigned int unused)
{
	unsigned int bits;

	for (;;) {
		struct msg m = {.info = IPC_INFO(CONSOLE_INPUT_LABEL, 0)};

		if (sys_wait(input.notify, &bits, TIMEOUT_FOREVER) == 0)
			sys_send(input.ep, &m, TIMEOUT_FOREVER);
	}
}

/* The interrupt claimed, bound and its waiter started on core 0; 0 or an error. */
static int claim(struct service *svc)
{
	const struct bootinfo *bi = svc->bi;
	int irq = sys_irq_create(bi->irq_control, bi->console_irq);
	int n = sys_notify_create();
	int t = sys_thread_create(bi->self_space, 0, ROOT_PRIO, ROOT_PRIO);

	if (irq < 0 || n < 0 || t < 0)
		return irq < 0 ? irq : n < 0 ? n : t;
	input.irq = (handle_t)irq;
	input.notify = (handle_t)n;
	input.ep = svc->fault_ep;
	if (sys_irq_set_notify(input.irq, input.notify, 1) != 0)
		return ERR_STATE;
	return sys_thread_start((handle_t)t, waiter, &waiter_stack[WAITER_STACK], 0);
}

bool console_input_start(struct service *svc)
{
	int err = claim(svc);

	if (err)
		printf("service: console input by polling: its interrupt %u: %s\n",
		       svc->bi->console_irq, err_name(err));
	return err == 0;
}

void console_input_done(void)
{
	sys_irq_ack(input.irq);
}
