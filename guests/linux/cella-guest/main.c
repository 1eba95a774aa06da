// SPDX-License-Identifier: MIT
/*
 * cella-guest: started by the kernel as /init (PID 1) it brings the guest
 * up; run from the shell as `cella-guest bench` it runs the benchmarks and
 * as `cella-guest check` the self-check again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

uint64_t counter_read(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrrc p15, 1, %Q0, %R0, c14" : "=r"(v));
	return v;
}

uint32_t counter_freq(void)
{
	uint32_t f;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
	return f;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: cella-guest bench | check | work ROUNDS |\n"
		"       cella-guest channel NAME send COUNT | recv [COUNT] | duplex COUNT | stats\n"
		"  (as PID 1, with no arguments: the guest's init)\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (getpid() == 1 && argc == 1)
		init_main();
	if (argc >= 4 && !strcmp(argv[1], "channel"))
		return channel_main(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "work"))
		return work_main((unsigned int)strtoul(argv[2], NULL, 0));
	if (argc != 2)
		return usage();
	if (!strcmp(argv[1], "bench"))
		return bench_main();
	if (!strcmp(argv[1], "check"))
		return check_run() ? 1 : 0;
	return usage();
}
