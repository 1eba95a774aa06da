// SPDX-License-Identifier: MIT
/*
 * The guest's KTAP self-check: what the device tree describes (CPUs, RAM)
 * against what Linux brought up, the mounts init made, the console, and
 * the busybox shell. pytest (tests/qemu/test_linux.py) reads every line.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest.h"

#define DT	  "/proc/device-tree"
#define NODE_PATH 512

/* Linux may keep back at most this share of the RAM it was given. */
#define MEM_RESERVED_MAX_PERCENT 25

static int test_number;

static int report(int ok, const char *name)
{
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ++test_number, name);
	return ok ? 0 : 1;
}

static int read_file(const char *path, void *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size, f);
	fclose(f);
	return (int)n;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A node's device_type property is @type. */
static int dt_node_is(const char *node, const char *type)
{
	char path[NODE_PATH + 16], value[32] = "";

	snprintf(path, sizeof(path), "%s/device_type", node);
	if (read_file(path, value, sizeof(value) - 1) < 0)
		return 0;
	return !strcmp(value, type);
}

/* Calls @fn on every node under @dir whose name starts with @prefix and type is @type. */
static int dt_each(const char *dir, const char *prefix, const char *type,
		   long (*fn)(const char *node), long *sum)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char node[NODE_PATH];
	int count = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		snprintf(node, sizeof(node), "%s/%s", dir, e->d_name);
		if (!dt_node_is(node, type))
			continue;
		count++;
		if (fn)
			*sum += fn(node);
	}
	closedir(d);
	return count;
}

int check_dt_cpus(void)
{
	return dt_each(DT "/cpus", "cpu@", "cpu", NULL, NULL);
}

/* The root node's #address-cells or #size-cells. */
static int dt_root_cells(const char *name)
{
	unsigned char v[4];
	char path[64];

	snprintf(path, sizeof(path), DT "/%s", name);
	return read_file(path, v, 4) == 4 ? (int)be32(v) : -1;
}

/* The MiB one memory node's reg property adds up to. */
static long dt_mem_node_mib(const char *node)
{
	int ac = dt_root_cells("#address-cells"), sc = dt_root_cells("#size-cells");
	unsigned char reg[256];
	char path[NODE_PATH + 16];
	int n, entry, i;
	uint64_t bytes = 0;

	snprintf(path, sizeof(path), "%s/reg", node);
	n = read_file(path, reg, sizeof(reg));
	entry = 4 * (ac + sc);
	if (n < 0 || ac < 1 || sc < 1 || entry <= 0)
		return 0;
	for (i = 0; i + entry <= n; i += entry) {
		uint64_t size = 0;

		for (int c = 0; c < sc; c++)
			size = size << 32 | be32(reg + i + 4 * (ac + c));
		bytes += size;
	}
	return (long)(bytes >> 20);
}

long check_dt_mem_mib(void)
{
	long mib = 0;

	if (dt_each(DT, "memory", "memory", dt_mem_node_mib, &mib) <= 0)
		return -1;
	return mib;
}

int check_online_cpus(void)
{
	char buf[128] = "", *p = buf;
	int count = 0;

	if (read_file("/sys/devices/system/cpu/online", buf, sizeof(buf) - 1) <= 0)
		return -1;
	while (*p && *p != '\n') {
		int first, last, used;

		if (sscanf(p, "%d%n", &first, &used) != 1)
			return -1;
		p += used;
		last = first;
		if (*p == '-' && sscanf(p + 1, "%d%n", &last, &used) == 1)
			p += 1 + used;
		count += last - first + 1;
		if (*p == ',')
			p++;
	}
	return count;
}

static long meminfo_total_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* /proc/mounts has @type mounted on @dir. */
static int mounted(const char *type, const char *dir)
{
	char line[256], d[128], t[64];
	int found = 0;
	FILE *f = fopen("/proc/mounts", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %127s %63s", d, t) == 2 && !strcmp(d, dir) &&
			!strcmp(t, type);
	fclose(f);
	return found;
}

static int check_mounts(void)
{
	int ok =
		mounted("proc", "/proc") && mounted("sysfs", "/sys") && mounted("devtmpfs", "/dev");

	return report(ok, "mounts");
}

static int check_cpus(void)
{
	int dt = check_dt_cpus(), online = check_online_cpus();

	printf("# device tree: %d cpus, online: %d\n", dt, online);
	return report(dt > 0 && dt == online, "cpus_online");
}

static int check_memory(void)
{
	long dt = check_dt_mem_mib(), total = meminfo_total_kib();
	long floor = dt * 1024 / 100 * (100 - MEM_RESERVED_MAX_PERCENT);

	printf("# device tree: %ld MiB, MemTotal: %ld kB\n", dt, total);
	return report(dt > 0 && total >= floor && total <= dt * 1024, "memory_size");
}

/* The first console Linux registered is the enabled PL011 ttyAMA0, and stdout is a tty. */
static int check_console(void)
{
	char buf[256] = "", name[32] = "", flags[32] = "";

	read_file("/proc/consoles", buf, sizeof(buf) - 1);
	/* "ttyAMA0              -W- (EC    )   204:64": name, operations, (flags) */
	sscanf(buf, "%31s %*s (%31[^)])", name, flags);
	printf("# console: %s (%s), stdout %s a tty\n", name, flags, isatty(1) ? "is" : "is not");
	return report(!strcmp(name, "ttyAMA0") && strchr(flags, 'E') && isatty(1), "console");
}

static int check_shell(void)
{
	return report(access("/bin/sh", X_OK) == 0 && access("/bin/grep", X_OK) == 0,
		      "busybox_shell");
}

int check_run(void)
{
	int failed = 0;

	test_number = 0;
	printf("KTAP version 1\n1..5\n");
	failed += check_mounts();
	failed += check_cpus();
	failed += check_memory();
	failed += check_console();
	failed += check_shell();
	fflush(stdout);
	return failed;
}
