// SPDX-License-Identifier: MIT
/*
 * The management console on UART0: typed characters are polled from the
 * kernel (SYS_CONSOLE_READ), echoed, and each line run as a command:
 * cells, cores, kstat, stop NAME, start NAME, restart NAME, help.
 */
#include <cella/lib.h>
#include <cella/time.h>
#include <cella/kstat.h>

#include <shared/string.h>

#include "service.h"

#define LINE_MAX 80
#define WORD_MAX 2

enum command_arg { ARG_NONE, ARG_CELL, ARG_COUNT };

struct command {
	const char *name;
	void (*run)(struct service *svc, struct cell *c); /* ARG_NONE, ARG_CELL */
	enum command_arg arg;
	const char *help;
	void (*run_count)(struct service *svc, unsigned int n); /* ARG_COUNT */
};

static const char *const arg_name[] = {"", "NAME", "N"};

static char typed_line[LINE_MAX]; /* what was typed since the last end of line */
static unsigned int line_len;

static void cmd_help(struct service *svc, struct cell *c);

/* "1M", "256K" or a byte count, for the cells table. */
static void size_text(char *buf, unsigned int size, unsigned int bytes)
{
	if (bytes % (1u << 20) == 0)
		format(buf, size, "%uM", bytes >> 20);
	else if (bytes % 1024 == 0)
		format(buf, size, "%uK", bytes >> 10);
	else
		format(buf, size, "%u", bytes);
}

/* The cell's cores as "1,2,3". */
static void cores_text(char *buf, unsigned int size, const struct cell *c)
{
	unsigned int n = 0;

	buf[0] = '\0';
	for (unsigned int core = 0; core < 64 && n + 4 < size; core++)
		if (c->desc->cores >> core & 1)
			n += (unsigned int)format(buf + n, size - n, "%s%u", n ? "," : "", core);
}

static unsigned int memory_of(struct service *svc, const struct cell *c)
{
	unsigned int bytes = 0;

	for (unsigned int r = 0; r < c->desc->region_count; r++)
		bytes +=
			(unsigned int)celltable_region(svc->table, c->desc->first_region + r)->size;
	return bytes;
}

/* A VM cell's exits its VMM answered, "-" for a native cell. */
/* "12M", "340K" or a byte count: a channel's traffic. */
static void bytes_text(char *buf, unsigned int size, unsigned long long bytes)
{
	if (bytes >= 10ull << 20)
		format(buf, size, "%lluM", bytes >> 20);
	else if (bytes >= 10ull << 10)
		format(buf, size, "%lluK", bytes >> 10);
	else
		format(buf, size, "%llu", bytes);
}

/* A VM's VCPU exits a second since the last look (or its start), and its injected interrupts. */
static void vm_text(char *rate, char *virqs, unsigned int size, struct cell *c)
{
	unsigned long long exits, injected, now = counter_now();

	if (!c->vm || c->state != CELL_RUNNING) {
		format(rate, size, "-");
		format(virqs, size, "-");
		return;
	}
	vm_counters(c, &exits, &injected);
	if (c->seen_at < c->started || exits < c->seen_exits) { /* started since */
		c->seen_exits = 0;
		c->seen_at = c->started;
	}
	format(rate, size, "%llu",
	       now > c->seen_at ? (exits - c->seen_exits) * counter_frequency() / (now - c->seen_at)
				: 0);
	format(virqs, size, "%llu", injected);
	c->seen_exits = exits;
	c->seen_at = now;
}

/* One printf a row: other cells' lines never land inside it. */
static void cmd_cells(struct service *svc, struct cell *unused)
{
	char cores[32], memory[16], rate[16], virqs[16], in[16], out[16];
	unsigned long long bytes_in, bytes_out;

	printf("%-16s %-8s %-7s %6s %-9s %6s %8s %-6s %8s %8s %7s %7s\n", "cell", "state", "cores",
	       "memory", "priority", "faults", "restarts", "kind", "exits/s", "virqs", "ch-in",
	       "ch-out");
	for (unsigned int i = 0; i < svc->cell_count; i++) {
		struct cell *c = &svc->cells[i];

		cores_text(cores, sizeof(cores), c);
		size_text(memory, sizeof(memory), memory_of(svc, c));
		vm_text(rate, virqs, sizeof(rate), c);
		channel_bytes(svc, c, &bytes_in, &bytes_out);
		bytes_text(in, sizeof(in), bytes_in);
		bytes_text(out, sizeof(out), bytes_out);
		printf("%-16s %-8s %-7s %6s %3u..%-4u %6u %8u %-6s %8s %8s %7s %7s\n",
		       c->desc->name, cell_state_name(c->state), cores, memory, c->desc->prio_lo,
		       c->desc->prio_hi, c->faults, c->restarts,
		       c->desc->kind == CELLTABLE_KIND_VM ? "vm" : "native", rate, virqs, in, out);
	}
}

/* The cells on @core (several share it by priority), "(service)" on core 0, "-" if none. */
static const char *core_owner(struct service *svc, unsigned int core, char *buf, unsigned int size)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < svc->cell_count && n < size; i++)
		if (svc->cells[i].desc->cores >> core & 1)
			n += (unsigned int)format(buf + n, size - n, "%s%s", n ? "+" : "",
						  svc->cells[i].desc->name);
	if (!n)
		return core == 0 ? "(service)" : "-";
	return buf;
}

/* Each core's kernel counters (SYS_KSTAT): where the work of each cell happens. */
static void cmd_cores(struct service *svc, struct cell *unused)
{
	handle_t control = svc->bi->irq_control;
	char owner[64];

	printf("%-5s %-16s %12s %12s %10s %8s %9s %8s\n", "core", "cell", "xcalls-sent",
	       "xcalls-done", "doorbells", "irqs", "vm-exits", "virqs");
	for (unsigned int core = 0; core < svc->bi->cores; core++)
		printf("%-5u %-16s %12d %12d %10d %8d %9d %8d\n", core,
		       core_owner(svc, core, owner, sizeof(owner)),
		       sys_kstat(control, core, KSTAT_XCALLS_SENT),
		       sys_kstat(control, core, KSTAT_XCALLS_HANDLED),
		       sys_kstat(control, core, KSTAT_DOORBELLS),
		       sys_kstat(control, core, KSTAT_IRQS),
		       sys_kstat(control, core, KSTAT_VM_EXITS),
		       sys_kstat(control, core, KSTAT_VIRQS));
}

/*
 * Every SYS_KSTAT counter of every core, raw, for tools (`./cella linux
 * bench --in-cell`): first the virtual count (the guests' time too: CNTVOFF
 * is 0) and its frequency, then per core its counters in KSTAT_* order, each
 * its low 31 bits (or a negative error), one line a core; then, for each
 * running VM cell, the virtual count at which its first VCPU started.
 */
static void cmd_kstat(struct service *svc, struct cell *unused)
{
	handle_t control = svc->bi->irq_control;
	char line[16 * (KSTAT_COUNT + 1)];

	printf("kstat counter %llu %u\n", counter_now(), counter_frequency());
	for (unsigned int core = 0; core < svc->bi->cores; core++) {
		unsigned int n = (unsigned int)format(line, sizeof(line), "kstat core %u:", core);

		for (unsigned int k = 0; k < KSTAT_COUNT && n < sizeof(line); k++)
			n += (unsigned int)format(line + n, sizeof(line) - n, " %d",
						  sys_kstat(control, core, k));
		printf("%s\n", line);
	}
	for (unsigned int i = 0; i < svc->cell_count; i++)
		if (svc->cells[i].vm && svc->cells[i].state == CELL_RUNNING)
			printf("kstat cell %s entered %llu\n", svc->cells[i].desc->name,
			       svc->cells[i].vm->entered);
}

static void cmd_stop(struct service *svc, struct cell *c)
{
	if (c->state != CELL_RUNNING) {
		printf("cell %s is not running (%s)\n", c->desc->name, cell_state_name(c->state));
		return;
	}
	cell_stop(c);
	printf("cell %s: stopped\n", c->desc->name);
}

static void cmd_start(struct service *svc, struct cell *c)
{
	if (c->state == CELL_BROKEN) {
		printf("cell %s cannot run: %s\n", c->desc->name, c->why);
		return;
	}
	if (c->state == CELL_RUNNING) {
		printf("cell %s is already running\n", c->desc->name);
		return;
	}
	c->quick_faults = 0; /* a start by hand gets the restarts of a fresh one */
	if (cell_start(svc, c) == 0)
		printf("cell %s: started (run %u)\n", c->desc->name, c->info->run);
}

static void cmd_restart(struct service *svc, struct cell *c)
{
	if (c->state == CELL_BROKEN) {
		printf("cell %s cannot run: %s\n", c->desc->name, c->why);
		return;
	}
	c->quick_faults = 0;
	if (cell_restart(svc, c) == 0)
		printf("cell %s: restarted (run %u)\n", c->desc->name, c->info->run);
}

static const struct command commands[] = {
	{.name = "help", .run = cmd_help, .help = "this list"},
	{.name = "cells",
	 .run = cmd_cells,
	 .help = "each cell: state, cores, memory, band, faults, restarts, VCPU exits a second, "
		 "interrupts injected, channel bytes in and out"},
	{.name = "cores",
	 .run = cmd_cores,
	 .help = "each core: its cell and kernel counters (cross-core calls, irqs)"},
	{.name = "kstat",
	 .run = cmd_kstat,
	 .help = "each core's kernel counters, raw (KSTAT_* order), and the time"},
	{.name = "stop",
	 .run = cmd_stop,
	 .arg = ARG_CELL,
	 .help = "stop the cell NAME's threads and destroy its space"},
	{.name = "start",
	 .run = cmd_start,
	 .arg = ARG_CELL,
	 .help = "start the stopped cell NAME afresh from its image"},
	{.name = "restart",
	 .run = cmd_restart,
	 .arg = ARG_CELL,
	 .help = "stop, then start, the cell NAME"},
	{.name = "soak",
	 .arg = ARG_COUNT,
	 .help = "restart every cell N times; the kernel's memory and VMIDs before and after",
	 .run_count = soak_run},
};
#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void cmd_help(struct service *svc, struct cell *unused)
{
	for (unsigned int i = 0; i < COMMAND_COUNT; i++)
		printf("  %-8s %-5s %s\n", commands[i].name, arg_name[commands[i].arg],
		       commands[i].help);
}

/* "no cell named 'x'; cells: a b c", as one line. */
static void no_such_cell(struct service *svc, const char *name)
{
	char line[256]; /* as long as printf() writes */
	unsigned int n =
		(unsigned int)format(line, sizeof(line), "no cell named '%s'; cells:", name);

	for (unsigned int i = 0; i < svc->cell_count && n < sizeof(line); i++)
		n += (unsigned int)format(line + n, sizeof(line) - n, " %s",
					  svc->cells[i].desc->name);
	printf("%s\n", line);
}

/* "unknown command 'x'; commands: help cells ...", as one line. */
static void unknown(const char *word)
{
	char line[256]; /* as long as printf() writes */
	unsigned int n = (unsigned int)format(line, sizeof(line),
					      "unknown command '%.32s'; commands:", word);

	for (unsigned int i = 0; i < COMMAND_COUNT && n < sizeof(line); i++)
		n += (unsigned int)format(line + n, sizeof(line) - n, " %s", commands[i].name);
	printf("%s\n", line);
}

/* Split @s in place into at most WORD_MAX + 1 words; their count. */
static unsigned int split_words(char *s, char **words)
{
	unsigned int n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		if (n == WORD_MAX + 1)
			return n;
		words[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return n;
}

/* A count from 1 to 100,000 in decimal. */
static bool parse_count(const char *s, unsigned int *n)
{
	*n = 0;
	for (; *s >= '0' && *s <= '9' && *n <= 100000; s++)
		*n = *n * 10 + (unsigned int)(*s - '0');
	return !*s && *n >= 1 && *n <= 100000;
}

static void run_command(struct service *svc, const struct command *cmd, char **words,
			unsigned int n)
{
	struct cell *c = NULL;
	unsigned int count = 0;

	if (n != (cmd->arg == ARG_NONE ? 1u : 2u) ||
	    (cmd->arg == ARG_COUNT && !parse_count(words[1], &count))) {
		printf("usage: %s%s%s\n", cmd->name, cmd->arg ? " " : "", arg_name[cmd->arg]);
		return;
	}
	if (cmd->arg == ARG_COUNT) {
		cmd->run_count(svc, count);
		return;
	}
	if (cmd->arg == ARG_CELL && !(c = cell_find(svc, words[1]))) {
		no_such_cell(svc, words[1]);
		return;
	}
	cmd->run(svc, c);
}

static void run_line(struct service *svc, char *s)
{
	char *words[WORD_MAX + 1];
	unsigned int n = split_words(s, words);

	if (n == 0)
		return;
	for (unsigned int i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(words[0], commands[i].name) == 0) {
			run_command(svc, &commands[i], words, n);
			return;
		}
	unknown(words[0]);
}

/* One typed character: echo it, edit the line, run it at the end of the line. */
static void typed(struct service *svc, char ch)
{
	if (ch == '\r' || ch == '\n') {
		printf("\n");
		typed_line[line_len] = '\0';
		run_line(svc, typed_line);
		line_len = 0;
	} else if ((ch == '\b' || ch == 0x7f) && line_len > 0) {
		line_len--;
		printf("\b \b");
	} else if (ch >= ' ' && ch < 0x7f && line_len < LINE_MAX - 1) {
		typed_line[line_len++] = ch;
		printf("%c", ch);
	}
}

void console_poll(struct service *svc)
{
	char buf[64];
	int n;

	while ((n = sys_console_read(buf, sizeof(buf))) > 0)
		for (int i = 0; i < n; i++)
			typed(svc, buf[i]);
}
