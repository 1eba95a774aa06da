// SPDX-License-Identifier: MIT
/*
 * Running a step of the service on another core: objects are homed on the
 * core that creates them, and a cell's notifications and interrupts belong
 * on the cell's own core (its waits stay local, its interrupts are taken
 * there). A short-lived helper thread in the service's space does the step
 * there and rings the service back.
 */
#include <cella/lib.h>

#include "service.h"

#define HELPER_PRIO	  200  /* above any cell's band in the default description */
#define HELPER_STACK	  2048 /* words */
#define HELPER_TIMEOUT_US 1000000

static struct {
	int (*fn)(void *arg);
	void *arg;
	volatile int result;
} job;
static unsigned int helper_stack[HELPER_STACK] __attribute__((aligned(8)));
static handle_t done; /* the helper rings it, homed on the service's core */

static void helper(unsigned int unused)
{
	job.result = job.fn(job.arg);
	sys_signal(done, 1);
	sys_thread_exit();
}

int on_core(const struct bootinfo *bi, unsigned int core, int (*fn)(void *arg), void *arg)
{
	unsigned int bits;
	int err, t;

	if (core == 0) /* the service's own core */
		return fn(arg);
	if (!done && (err = sys_notify_create()) > 0)
		done = (handle_t)err;
	t = sys_thread_create(bi->self_space, core, HELPER_PRIO, HELPER_PRIO);
	if (!done || t < 0)
		return done ? t : ERR_NO_MEMORY;
	job.fn = fn;
	job.arg = arg;
	err = sys_thread_start((handle_t)t, helper, &helper_stack[HELPER_STACK], 0);
	if (!err)
		err = sys_wait(done, &bits, HELPER_TIMEOUT_US);
	sys_handle_close((handle_t)t);
	return err ? err : job.result;
}
