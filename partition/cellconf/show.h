/* SPDX-License-Identifier: MIT */
/* Human-readable views of a checked description: `show` and `plan`. */
#pragma once

#include <stdio.h>

#include "model.h"

/**
 * show_system() - print @s to @out: cores by cell, each cell, the memory map
 * (reserved, cells, channels and free gaps, by address), channels and rights.
 */
void show_system(const struct system *s, FILE *out);

/** show_size() - "16M", "64K", "4096" for @bytes into @buf. */
const char *show_size(uint64_t bytes, char *buf, size_t len);

/**
 * plan_system() - place the cells of @s on topology @t by core count, each
 * inside the smallest cache domain that has room, and print every choice
 * and its reason to @out. Returns 0, or -1 if some cell got no cores.
 */
int plan_system(const struct system *s, const struct topo *t, const char *topo_name, FILE *out);
