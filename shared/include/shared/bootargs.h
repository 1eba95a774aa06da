/* SPDX-License-Identifier: MIT */
/*
 * Boot arguments: "key=value key flag" words the loader leaves in memory
 * (the `cella` script: --bootargs, after its own mem=). Parsed once on the
 * boot core; later words override earlier ones. The kernel parses them and
 * so does the root task (the kernel passes the text on in its boot info),
 * hence plain C types here. The kernel's keys:
 *   mem=SIZE            RAM size (K, M or G suffix); the cella script sets it
 * and in the test image only (cella-test.elf; the product refuses all but
 * ktest=off):
 *   ktest=off           skip the in-kernel self-tests
 *   kfault=KIND         fault in the kernel after boot
 *                       (undef, dabt, pabt, svc, hvc, stack)
 *   kfault_cpu=N        core that faults (default: the highest online)
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define BOOTARGS_MAX 16 /* words kept; further ones are reported and ignored */

/** bootargs_parse() - parse a NUL-terminated string of at most @max bytes. */
void bootargs_parse(const char *text, size_t max);

/** bootargs_text() - the whole string as parsed (at most BOOTARGS_MAX words kept). */
const char *bootargs_text(void);

/** bootarg() - value of @key ("" for a bare word), or NULL if absent. A later word overrides an earlier one. */
const char *bootarg(const char *key);

/** bootarg_u32() - @key as a decimal or 0x number, or @def if absent or bad. */
unsigned int bootarg_u32(const char *key, unsigned int def);

/**
 * parse_size() - "64M", "1G", "4096", "512K" to bytes. Returns false for
 * anything else, including values that overflow 64 bits.
 */
bool parse_size(const char *s, unsigned long long *bytes);
