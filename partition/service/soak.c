// SPDX-License-Identifier: MIT
/*
 * The soak (`soak N` on the management console, `./cella soak`): every
 * cell that can run is restarted N times, each run left going for a while
 * with whatever it does (streaming on its channels, booting its guest),
 * and the kernel's own counts of kernel memory in use and VMIDs held are
 * compared before and after. Each restart destroys the cell's space, so
 * anything a run leaves behind shows in the figures.
 */
#include <cella/lib.h>
#include <cella/kstat.h>

#include "service.h"

#define SOAK_RUN_MS    100  /* each round lets the cells run this long */
#define SOAK_SETTLE_MS 2000 /* the last spaces' memory comes back within this */

static unsigned int kernel_memory(struct service *svc)
{
	return (unsigned int)sys_kstat(svc->bi->irq_control, 0, KSTAT_KMEM_USED);
}

static unsigned int vmids(struct service *svc)
{
	unsigned int n = 0;

	for (unsigned int core = 0; core < svc->bi->cores; core++) {
		int v = sys_kstat(svc->bi->irq_control, core, KSTAT_VMIDS);

		n += v > 0 ? (unsigned int)v : 0;
	}
	return n;
}

/* Each cell that can run, stopped if it runs and started afresh; how many started. */
static unsigned int restart_all(struct service *svc)
{
	unsigned int started = 0;

	for (unsigned int i = 0; i < svc->cell_count; i++) {
		struct cell *c = &svc->cells[i];

		if (c->state == CELL_BROKEN)
			continue;
		c->quick_faults = 0;
		started += cell_restart(svc, c) == 0;
	}
	return started;
}

void soak_run(struct service *svc, unsigned int rounds)
{
	unsigned int memory_before = kernel_memory(svc), vmids_before = vmids(svc);
	unsigned int memory_after, vmids_after, failed = 0;

	for (unsigned int r = 0; r < rounds; r++) {
		unsigned int want = 0;

		for (unsigned int i = 0; i < svc->cell_count; i++)
			want += svc->cells[i].state != CELL_BROKEN;
		failed += want - restart_all(svc);
		sys_sleep(SOAK_RUN_MS * 1000000ull);
	}
	/* What went in the last round comes back a few doorbells later. */
	for (unsigned int ms = 0; ms < SOAK_SETTLE_MS; ms += 10) {
		memory_after = kernel_memory(svc);
		vmids_after = vmids(svc);
		if (memory_after == memory_before && vmids_after == vmids_before)
			break;
		sys_sleep(10 * 1000000ull);
	}
	if (failed)
		printf("soak: %u starts failed\n", failed);
	printf("soak: %u restarts, kernel memory before %u, after %u, vmids before %u, after %u\n",
	       rounds, memory_before, memory_after, vmids_before, vmids_after);
}
