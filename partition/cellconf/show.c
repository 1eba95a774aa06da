// SPDX-License-Identifier: MIT
/* `cellconf show`: a readable map of cores, cells, memory and channels. */
#include <stdlib.h>

#include "show.h"
#include "values.h"

/* One line of the memory map. */
struct map_entry {
	uint64_t base;
	uint64_t size;
	const char *what;
	const char *name;
	int placed;
};

const char *show_size(uint64_t bytes, char *buf, size_t len)
{
	return value_size_text(bytes, buf, len);
}

static const char *rights_text(uint8_t rights)
{
	return rights & CELLTABLE_RIGHT_WRITE ? "rw" : "ro";
}

static void show_cores(const struct system *s, FILE *out)
{
	const struct topo *t = &s->platform.topo;
	char where[300];

	for (unsigned int i = 0; i < t->ncaches; i++)
		if (t->caches[i].cores & (t->caches[i].cores - 1))
			fprintf(out, "cache domain: %s\n",
				topo_describe(&t->caches[i], where, sizeof(where)));
	fprintf(out, "cores:\n");
	for (unsigned int core = 0; core < s->platform.topo.ncores; core++) {
		int n = 0;

		fprintf(out, "  core %-3u", core);
		for (unsigned int i = 0; i < s->ncells; i++)
			if (s->cells[i].cores & (1ull << core))
				fprintf(out, "%s%s", n++ ? ", " : " ", s->cells[i].name);
		fprintf(out, "%s\n", n ? "" : " (no cell)");
	}
}

/* Where a cell booting a kernel image has its kernel, device tree and initrd. */
static void show_boot(const struct model_cell *c, FILE *out)
{
	const struct vmboot *v = &c->boot.layout;

	if (c->boot.kernel == MODEL_KERNEL_NONE)
		return;
	if (c->boot.initrd_size)
		fprintf(out, "  %-16s        initrd file %s\n", "", c->boot.initrd_path);
	fprintf(out, "  %-16s        boot: kernel at 0x%x, device tree at 0x%x", "", v->kernel_addr,
		v->dtb_addr);
	if (v->initrd_size)
		fprintf(out, ", initrd at 0x%x", v->initrd_addr);
	fprintf(out, "; bootargs \"%s\"\n", c->bootargs);
}

static void show_cells(const struct system *s, FILE *out)
{
	char kmem[16], cores[64];

	fprintf(out, "\ncells:\n");
	for (unsigned int i = 0; i < s->ncells; i++) {
		const struct model_cell *c = &s->cells[i];

		fprintf(out,
			"  %-16s %-6s image %s, cores %s, priority %u..%u, kernel-memory %s, on_fault %s\n",
			c->name, c->kind == CELLTABLE_KIND_VM ? "vm" : "native", c->image,
			topo_cores_text(c->cores, cores, sizeof(cores)), c->prio_lo, c->prio_hi,
			show_size(c->kmem, kmem, sizeof(kmem)),
			c->on_fault == CELLTABLE_ON_FAULT_RESTART ? "restart" : "stop");
		for (unsigned int k = 0; k < c->ndevices; k++) {
			const struct model_pdevice *d = &s->platform.devices[c->devices[k]];

			fprintf(out, "  %-16s        device %s at 0x%llx", "", d->name,
				(unsigned long long)d->base);
			for (unsigned int q = 0; q < d->nirqs; q++)
				fprintf(out, "%s%u", q ? ", " : ", irq ", d->irqs[q]);
			fprintf(out, "\n");
		}
		fprintf(out, "  %-16s        image file %s\n", "", c->image_path);
		show_boot(c, out);
	}
}

static int by_base(const void *a, const void *b)
{
	const struct map_entry *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

static unsigned int map_entries(const struct system *s, struct map_entry *e)
{
	const struct platform *p = &s->platform;
	unsigned int n = 0;

	for (unsigned int i = 0; i < p->nreserved; i++)
		e[n++] = (struct map_entry){p->reserved[i].base, p->reserved[i].size, "reserved",
					    p->reserved[i].name, 0};
	for (unsigned int i = 0; i < s->ncells; i++)
		for (unsigned int k = 0; k < s->cells[i].nregions; k++) {
			const struct model_region *r = &s->cells[i].regions[k];

			e[n++] = (struct map_entry){r->base, r->size, "cell", s->cells[i].name,
						    r->open};
		}
	for (unsigned int i = 0; i < s->nchannels; i++) {
		const struct model_region *r = &s->channels[i].mem;

		e[n++] = (struct map_entry){r->base, r->size, "channel", s->channels[i].name,
					    r->open};
	}
	qsort(e, n, sizeof(*e), by_base);
	return n;
}

static void map_line(FILE *out, uint64_t base, uint64_t size, const char *what, const char *name,
		     const char *note)
{
	char sz[16];

	fprintf(out, "  0x%08llx-0x%08llx %6s  %s%s%s%s\n", (unsigned long long)base,
		(unsigned long long)(base + size - 1), show_size(size, sz, sizeof(sz)), what,
		*name ? " " : "", name, note);
}

static void show_memory(const struct system *s, FILE *out)
{
	static struct map_entry e[MODEL_MAX_RESERVED + CELLTABLE_MAX_CELLS * MODEL_CELL_REGIONS +
				  CELLTABLE_MAX_CHANNELS];
	unsigned int n = map_entries(s, e);
	uint64_t at = s->platform.ram_base, end = at + s->platform.ram_size;

	fprintf(out, "\nmemory map:\n");
	for (unsigned int i = 0; i < n; i++) {
		if (e[i].base > at)
			map_line(out, at, e[i].base - at, "free", "", "");
		map_line(out, e[i].base, e[i].size, e[i].what, e[i].name,
			 e[i].placed ? " (placed)" : "");
		at = e[i].base + e[i].size;
	}
	if (at < end)
		map_line(out, at, end - at, "free", "", "");
}

static void show_channels(const struct system *s, FILE *out)
{
	char sz[16];

	fprintf(out, "\nchannels:\n");
	if (!s->nchannels)
		fprintf(out, "  (none)\n");
	for (unsigned int i = 0; i < s->nchannels; i++) {
		const struct model_channel *ch = &s->channels[i];

		fprintf(out, "  %-16s %s %s, %s %s, %s at 0x%llx%s\n", ch->name,
			s->cells[ch->cell[0]].name, rights_text(ch->rights[0]),
			s->cells[ch->cell[1]].name, rights_text(ch->rights[1]),
			show_size(ch->mem.size, sz, sizeof(sz)), (unsigned long long)ch->mem.base,
			ch->doorbell ? ", doorbell" : "");
	}
}

void show_system(const struct system *s, FILE *out)
{
	char ram[16];

	fprintf(out, "%s: platform %s, %u cores, RAM %s at 0x%llx, %u cell%s, %u channel%s\n\n",
		s->file, s->platform.name, s->platform.topo.ncores,
		show_size(s->platform.ram_size, ram, sizeof(ram)),
		(unsigned long long)s->platform.ram_base, s->ncells, s->ncells == 1 ? "" : "s",
		s->nchannels, s->nchannels == 1 ? "" : "s");
	show_cores(s, out);
	show_cells(s, out);
	show_memory(s, out);
	show_channels(s, out);
}
