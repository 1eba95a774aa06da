// SPDX-License-Identifier: MIT
/*
 * The faulty cell: has no channel, so no handle to anything. It shows that
 * every handle it could name is refused (signal and call), as is reading
 * the console (the partition service's alone), tries to forge a kernel
 * line with an escape sequence (the kernel marks it as faulty's and shows
 * the escape as '?'), prints a few progress ticks, then reads memory just past its own regions, which must
 * fault; its description says to restart it. With cellarg=faulty:now it
 * faults as soon as it starts, which the service must not restart forever.
 */
#include "cell.h"

#define HANDLE_GENERATIONS 2   /* generations tried for each slot */
#define HANDLE_SLOTS	   256 /* slots of a handle table */
#define HANDLE_GEN_SHIFT   12
#define TICKS		   3
#define TICK_NS		   300000000ull

int main(unsigned int thread);

/* Try every handle a space's table could hold; count how often each call was refused. */
static void probe(void)
{
	unsigned int tried = 0, signal_refused = 0, call_refused = 0;

	for (unsigned int gen = 0; gen < HANDLE_GENERATIONS; gen++)
		for (unsigned int slot = 1; slot < HANDLE_SLOTS; slot++) {
			handle_t h = slot | gen << HANDLE_GEN_SHIFT;
			struct msg m = {.info = IPC_INFO(1, 1), .mr = {0xbad}};

			tried++;
			signal_refused += sys_signal(h, 1) == ERR_BAD_HANDLE;
			call_refused += sys_call(h, &m, TIMEOUT_NONE) == ERR_BAD_HANDLE;
		}
	printf("no channel: %u handles tried: signal refused %u, call refused %u (%s)\n", tried,
	       signal_refused, call_refused, err_name(ERR_BAD_HANDLE));
	printf("console input: %s\n", err_name(sys_console_read((char *)CELL_IMAGE_ADDR, 1)));
}

/* Try to pass for the kernel and to clear the operator's screen, in two writes. */
static void forge(void)
{
	static const char head[] = "cella: forged";
	static const char tail[] = " by faulty\x1b[2J\r\n";

	sys_debug_write(head, sizeof(head) - 1);
	sys_debug_write(tail, sizeof(tail) - 1);
}

int main(unsigned int thread)
{
	unsigned int outside = CELL_IMAGE_ADDR + CELL_INFO->memory_size;

	printf("run %u on core %u\n", CELL_INFO->run, CELL_INFO->cores[thread]);
	if (strcmp(CELL_INFO->arg, "now") == 0) /* cellarg=faulty:now: fault at once */
		(void)*(volatile const unsigned int *)outside;
	probe();
	forge();
	for (unsigned int tick = 1; tick <= TICKS; tick++) {
		sys_sleep(TICK_NS);
		printf("run %u tick %u\n", CELL_INFO->run, tick);
	}
	printf("reading 0x%08x, outside my memory\n", outside);
	(void)*(volatile const unsigned int *)outside;
	printf("read outside my memory and was not stopped\n");
	return 1;
}
