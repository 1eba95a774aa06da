// SPDX-License-Identifier: MIT
/*
 * AFL++ harness: one input file through the whole front end (YAML parse,
 * every check, placement, table encode and decode, device trees). A crash,
 * a sanitizer report or an encoded table that does not check is a finding;
 * show and plan run too, their output discarded.
 */
#include <stdio.h>
#include <stdlib.h>

#include "emit.h"
#include "show.h"

#ifndef CELLCONF_PLATFORM_DIR
#define CELLCONF_PLATFORM_DIR "partition/platforms"
#endif

static uint64_t table[CELLTABLE_MAX_SIZE / sizeof(uint64_t) + 1];
static char dtb[1 << 16];

static void exercise(const struct system *s)
{
	long len = emit_table(s, table, sizeof(table));
	FILE *null = fopen("/dev/null", "w");

	if (len < 0 || celltable_check(table, (size_t)len) != CELLTABLE_OK)
		abort();
	for (unsigned int i = 0; i < s->ncells; i++)
		if (s->cells[i].kind == CELLTABLE_KIND_VM && emit_dtb(s, i, dtb, sizeof(dtb)) < 0)
			abort();
	if (null) {
		show_system(s, null);
		plan_system(s, &s->platform.topo, "platform", null);
		fclose(null);
	}
}

int main(int argc, char **argv)
{
	static struct system s;
	static unsigned char buf[YTREE_MAX_BYTES];
	struct model_paths paths = {CELLCONF_PLATFORM_DIR, {"."}, 1};
	struct diag d = {0};
	FILE *f = argc == 3 ? fopen(argv[1], "rb") : NULL;
	size_t len;
	struct ynode *root;

	if (!f) {
		fprintf(stderr, "usage: cellconf-fuzz INPUT IMAGE_DIR\n");
		return 2;
	}
	paths.image_dirs[0] = argv[2];
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	root = ytree_parse("input", buf, len, &d);
	if (root && desc_parse(&s, "input", root, &paths, &d) == 0)
		exercise(&s);
	ytree_free(root);
	diag_discard(&d);
	return 0;
}
