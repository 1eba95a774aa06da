// SPDX-License-Identifier: MIT
/* Machine topology through hwloc: core count and which cores share a cache. */
#include <hwloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "topo.h"

/* Cores are Core objects, or PUs on a topology without cores. */
static hwloc_obj_type_t core_type(hwloc_topology_t h)
{
	return hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_CORE) > 0 ? HWLOC_OBJ_CORE : HWLOC_OBJ_PU;
}

static uint64_t cores_under(hwloc_topology_t h, hwloc_obj_t obj)
{
	hwloc_obj_type_t type = core_type(h);
	unsigned int n = (unsigned int)hwloc_get_nbobjs_by_type(h, type);
	uint64_t mask = 0;

	for (unsigned int i = 0; i < n && i < TOPO_MAX_CORES; i++) {
		hwloc_obj_t core = hwloc_get_obj_by_type(h, type, i);

		if (hwloc_bitmap_isincluded(core->cpuset, obj->cpuset))
			mask |= 1ull << i;
	}
	return mask;
}

static int by_level(const void *a, const void *b)
{
	const struct topo_cache *x = a, *y = b;

	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int collect(struct topo *t, hwloc_topology_t h, char *err, size_t errlen)
{
	int n = hwloc_get_nbobjs_by_type(h, core_type(h));

	if (n <= 0 || n > TOPO_MAX_CORES) {
		snprintf(err, errlen, "%d cores; cellconf handles 1 to %d", n, TOPO_MAX_CORES);
		return -1;
	}
	t->ncores = (unsigned int)n;
	t->ncaches = 0;
	for (hwloc_obj_type_t type = HWLOC_OBJ_L1CACHE; type <= HWLOC_OBJ_L5CACHE; type++) {
		for (hwloc_obj_t o = hwloc_get_next_obj_by_type(h, type, NULL); o;
		     o = hwloc_get_next_obj_by_type(h, type, o)) {
			if (t->ncaches == TOPO_MAX_CACHES) {
				snprintf(err, errlen, "more than %d caches", TOPO_MAX_CACHES);
				return -1;
			}
			t->caches[t->ncaches++] =
				(struct topo_cache){o->attr->cache.depth, o->attr->cache.size,
						    cores_under(h, o), o->logical_index};
		}
	}
	qsort(t->caches, t->ncaches, sizeof(t->caches[0]), by_level);
	return 0;
}

/* Read the synthetic description in file @path into @buf, trimmed. */
static int read_synthetic(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static int load_spec(hwloc_topology_t h, const char *path, const char *spec)
{
	static char text[4096];
	struct stat st;
	size_t len = strlen(path);

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return hwloc_topology_set_synthetic(h, spec);
	if (len > 4 && !strcmp(path + len - 4, ".xml"))
		return hwloc_topology_set_xml(h, path);
	if (read_synthetic(path, text, sizeof(text)) < 0)
		return -1;
	return hwloc_topology_set_synthetic(h, text);
}

int topo_load(struct topo *t, const char *dir, const char *spec, char *err, size_t errlen)
{
	char path[4096];
	hwloc_topology_t h;
	int rc = -1;

	if (dir && spec[0] != '/')
		snprintf(path, sizeof(path), "%s/%s", dir, spec);
	else
		snprintf(path, sizeof(path), "%s", spec);
	if (hwloc_topology_init(&h) < 0) {
		snprintf(err, errlen, "hwloc cannot start");
		return -1;
	}
	if (load_spec(h, path, spec) < 0 || hwloc_topology_load(h) < 0)
		snprintf(
			err, errlen,
			"'%s' is neither an hwloc XML file, nor a file with an hwloc synthetic description, nor such a description",
			spec);
	else
		rc = collect(t, h, err, errlen);
	hwloc_topology_destroy(h);
	return rc;
}

const struct topo_cache *topo_domain(const struct topo *t, uint64_t cores)
{
	for (unsigned int i = 0; i < t->ncaches; i++) {
		const struct topo_cache *c = &t->caches[i];

		if ((c->cores & (c->cores - 1)) && (cores & ~c->cores) == 0)
			return c;
	}
	return NULL;
}

const char *topo_cores_text(uint64_t mask, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < TOPO_MAX_CORES && used < len; i++) {
		unsigned int j = i;

		if (!(mask & (1ull << i)))
			continue;
		while (j + 1 < TOPO_MAX_CORES && (mask & (1ull << (j + 1))))
			j++;
		if (j == i)
			used += snprintf(buf + used, len - used, "%s%u", used ? "," : "", i);
		else
			used += snprintf(buf + used, len - used, "%s%u-%u", used ? "," : "", i, j);
		i = j;
	}
	return buf;
}

const char *topo_describe(const struct topo_cache *c, char *buf, size_t len)
{
	char cores[200];
	uint64_t size = c->size;
	const char *unit = "B";

	if (size && size % (1u << 20) == 0) {
		size >>= 20;
		unit = " MiB";
	} else if (size && size % 1024 == 0) {
		size >>= 10;
		unit = " KiB";
	}
	snprintf(buf, len, "L%u #%u (%llu%s, cores %s)", c->level, c->index,
		 (unsigned long long)size, unit, topo_cores_text(c->cores, cores, sizeof(cores)));
	return buf;
}
