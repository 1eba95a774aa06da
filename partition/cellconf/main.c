// SPDX-License-Identifier: MIT
/*
 * cellconf: check a system description against its platform, show it, plan
 * it on a larger machine, and build the cell table and device trees.
 * Exit status: 0 valid, 1 problems in the description, 2 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emit.h"
#include "show.h"

#ifndef CELLCONF_PLATFORM_DIR
#define CELLCONF_PLATFORM_DIR "partition/platforms"
#endif
#ifndef CELLCONF_IMAGE_DIR
#define CELLCONF_IMAGE_DIR "build/armv7/images"
#endif

static const char usage[] = "usage: cellconf check FILE\n"
			    "       cellconf show FILE\n"
			    "       cellconf plan --topology TOPO FILE\n"
			    "       cellconf build FILE -o TABLE [--dtb-dir DIR]\n"
			    "options: --images DIR (repeatable; default " CELLCONF_IMAGE_DIR ")\n"
			    "         --platforms DIR (default " CELLCONF_PLATFORM_DIR ")\n";

struct options {
	const char *command;
	const char *file;
	const char *topology;
	const char *output;
	const char *dtb_dir;
	struct model_paths paths;
};

static int usage_error(const char *why)
{
	fprintf(stderr, "cellconf: %s\n%s", why, usage);
	return 2;
}

static int add_image_dir(struct options *o, const char *dir)
{
	if (o->paths.nimage_dirs == MODEL_MAX_IMAGE_DIRS)
		return usage_error("too many --images directories");
	o->paths.image_dirs[o->paths.nimage_dirs++] = dir;
	return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {{"topology", required_argument, NULL, 't'},
						 {"output", required_argument, NULL, 'o'},
						 {"dtb-dir", required_argument, NULL, 'd'},
						 {"images", required_argument, NULL, 'i'},
						 {"platforms", required_argument, NULL, 'p'},
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	int c;

	o->paths.platform_dir = CELLCONF_PLATFORM_DIR;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		if (c == 't')
			o->topology = optarg;
		else if (c == 'o')
			o->output = optarg;
		else if (c == 'd')
			o->dtb_dir = optarg;
		else if (c == 'p')
			o->paths.platform_dir = optarg;
		else if (c == 'i' && add_image_dir(o, optarg))
			return 2;
		else if (c == 'h' || c == '?')
			return c == 'h' ? (fputs(usage, stdout), 3) : usage_error("unknown option");
	}
	if (!o->paths.nimage_dirs)
		add_image_dir(o, CELLCONF_IMAGE_DIR);
	if (optind + 2 != argc)
		return usage_error("expected a command and one FILE");
	o->command = argv[optind];
	o->file = argv[optind + 1];
	return 0;
}

/* TOPO as given, else from the platform directory or its topologies/. */
static const char *topology_path(const struct options *o, char *buf, size_t len)
{
	static const char *const subdirs[] = {"/topologies/", "/"};
	struct stat st;

	if (stat(o->topology, &st) == 0)
		return o->topology;
	for (int i = 0; i < 2; i++) {
		snprintf(buf, len, "%s%s%s", o->paths.platform_dir, subdirs[i], o->topology);
		if (stat(buf, &st) == 0)
			return buf;
	}
	return o->topology;
}

static int cmd_plan(const struct options *o, const struct system *s)
{
	static struct topo t;
	char err[300], path[4096];

	if (topo_load(&t, NULL, topology_path(o, path, sizeof(path)), err, sizeof(err)) < 0) {
		fprintf(stderr, "cellconf: --topology: %s\n", err);
		return 2;
	}
	return plan_system(s, &t, o->topology, stdout) < 0 ? 1 : 0;
}

static int run(const struct options *o, struct system *s)
{
	struct diag d = {0};
	int rc = desc_load(s, o->file, &o->paths, &d);

	diag_flush(&d, stderr);
	if (rc < 0)
		return 1;
	if (!strcmp(o->command, "check"))
		printf("%s: ok, %u cells\n", o->file, s->ncells);
	else if (!strcmp(o->command, "show"))
		show_system(s, stdout);
	else if (!strcmp(o->command, "plan"))
		return cmd_plan(o, s);
	else if (emit_files(s, o->output, o->dtb_dir) < 0)
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	static struct options o;
	static struct system s;
	int rc = parse_args(argc, argv, &o);

	if (rc)
		return rc == 3 ? 0 : rc;
	if (strcmp(o.command, "check") && strcmp(o.command, "show") && strcmp(o.command, "plan") &&
	    strcmp(o.command, "build"))
		return usage_error("unknown command");
	if (!strcmp(o.command, "plan") && !o.topology)
		return usage_error("plan needs --topology TOPO");
	if (!strcmp(o.command, "build") && !o.output)
		return usage_error("build needs -o TABLE");
	return run(&o, &s);
}
