/* SPDX-License-Identifier: MIT */
/* Cores and caches of a machine, read through hwloc. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define TOPO_MAX_CORES	64
#define TOPO_MAX_CACHES 256

/* A cache and the cores that share it (bit N: core N). */
struct topo_cache {
	unsigned int level;
	uint64_t size;
	uint64_t cores;
	unsigned int index; /* hwloc logical index within its level */
};

struct topo {
	unsigned int ncores;
	struct topo_cache caches[TOPO_MAX_CACHES]; /* deepest first, then by index */
	unsigned int ncaches;
};

/**
 * topo_load() - read a topology: @spec is an hwloc XML file (*.xml), a file
 * holding an hwloc synthetic description, or a synthetic description itself.
 * Relative file names are taken from @dir when it is not NULL. Cores are
 * numbered by hwloc's logical index. Returns 0, or -1 with a reason in @err.
 */
int topo_load(struct topo *t, const char *dir, const char *spec, char *err, size_t errlen);

/**
 * topo_domain() - the smallest cache shared by more than one core that
 * holds every core of @cores, or NULL if none does.
 */
const struct topo_cache *topo_domain(const struct topo *t, uint64_t cores);

/** topo_describe() - "L2 #0 (2 MiB, cores 0-3)" for @c into @buf. */
const char *topo_describe(const struct topo_cache *c, char *buf, size_t len);

/** topo_cores_text() - "0-3,6" for the cores of @mask into @buf. */
const char *topo_cores_text(uint64_t mask, char *buf, size_t len);
