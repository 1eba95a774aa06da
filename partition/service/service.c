// SPDX-License-Identifier: MIT
/*
 * The partition service: finds the cell pack linked after the root image,
 * checks the cell table, builds every cell and its channels, starts them,
 * then serves faults (as messages on its endpoint) and the management
 * console, one thread on core 0.
 */
#include <cella/cellpack.h>
#include <cella/lib.h>
#include <cella/memory.h>

#include <shared/string.h>

#include "service.h"

extern const char __root_end[]; /* user.ld.S: the end of the root image */

static struct service service;

static const struct cellpack_header *pack(void)
{
	uintptr_t at = ((uintptr_t)__root_end + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	const struct cellpack_header *h = (const struct cellpack_header *)at;

	return memcmp(h->magic, CELLPACK_MAGIC, CELLPACK_MAGIC_LEN) == 0 ? h : NULL;
}

const void *pack_find(const char *name, size_t *size)
{
	const struct cellpack_header *h = pack();
	const struct cellpack_entry *e = (const struct cellpack_entry *)(h + 1);

	for (unsigned int i = 0; h && i < h->count; i++) {
		if (strncmp(e[i].name, name, CELLPACK_NAME_LEN) != 0 || e[i].offset > h->size ||
		    e[i].size > h->size - e[i].offset)
			continue;
		*size = e[i].size;
		return (const char *)h + e[i].offset;
	}
	return NULL;
}

/* The word after "cellarg=NAME:" in the boot arguments, into @arg. */
static void cell_arg(const char *args, const char *name, char *arg)
{
	size_t n = strlen(name);

	for (const char *p = args; *p; p++) {
		if ((p != args && p[-1] != ' ') || strncmp(p, "cellarg=", 8) != 0 ||
		    strncmp(p + 8, name, n) != 0 || p[8 + n] != ':')
			continue;
		p += 9 + n;
		for (int i = 0; i < CELLINFO_NAME - 1 && p[i] && p[i] != ' '; i++)
			arg[i] = p[i];
	}
}

static void build_cells(struct service *svc)
{
	for (unsigned int i = 0; i < svc->cell_count; i++) {
		struct cell *c = &svc->cells[i];

		c->desc = celltable_cell(svc->table, i);
		c->index = i;
		c->state = cell_build(svc, c) < 0 ? CELL_BROKEN : CELL_STOPPED;
		if (c->info)
			cell_arg(svc->bi->args, c->desc->name, c->info->arg);
	}
	channels_build(svc);
}

static void start_cells(struct service *svc)
{
	for (unsigned int i = 0; i < svc->cell_count; i++) {
		struct cell *c = &svc->cells[i];

		if (c->state == CELL_BROKEN) {
			printf("cell %s: not started: %s\n", c->desc->name, c->why);
			continue;
		}
		if (cell_start(svc, c) == 0)
			printf("cell %s: running on %u core%s from 0x%08x, priority %u..%u\n",
			       c->desc->name, c->info->thread_count,
			       c->info->thread_count == 1 ? "" : "s",
			       (unsigned int)celltable_region(svc->table, c->desc->first_region)
				       ->base,
			       c->desc->prio_lo, c->desc->prio_hi);
	}
}

/* The table, checked; NULL (and why, printed) if there is none or it is bad. */
static const void *find_table(void)
{
	size_t size = 0;
	const void *table = pack_find(CELLPACK_TABLE, &size);
	int err = table ? celltable_check(table, size) : CELLTABLE_OK;

	if (!table)
		printf("service: no cell table in the boot image\n");
	else if (err)
		printf("service: the cell table is not valid: %s\n", celltable_strerror(err));
	return err ? NULL : table;
}

/* Faults, VMM events and console input, as they come; polling the console only without its interrupt. */
static void serve(struct service *svc)
{
	bool by_irq = console_input_start(svc);

	for (;;) {
		struct msg m = {0};
		int err = sys_recv(svc->fault_ep, &m, by_irq ? TIMEOUT_FOREVER : SVC_POLL_US);

		if (!err && IPC_LABEL(m.info) == VM_EVENT_LABEL) {
			vm_event(svc, &m);
		} else if (!err && IPC_LABEL(m.info) == CONSOLE_INPUT_LABEL) {
			console_poll(svc);
			console_input_done();
		} else if (!err) {
			cell_fault(svc, &m);
		}
		if (!by_irq)
			console_poll(svc);
	}
}

void service_run(const struct bootinfo *bi)
{
	struct service *svc = &service;
	int ep = sys_endpoint_create();

	svc->bi = bi;
	svc->table = find_table();
	if (!svc->table || ep < 0)
		return;
	svc->fault_ep = (handle_t)ep;
	svc->cell_count = celltable_header(svc->table)->cell_count;
	printf("service: %u cells in the table for %s\n", svc->cell_count,
	       celltable_header(svc->table)->platform);
	ram_init(bi);
	build_cells(svc);
	start_cells(svc);
	printf("service: ready; type help\n");
	serve(svc);
}
