/* SPDX-License-Identifier: MIT */
/*
 * The cell pack: the cell table and the native cell images, bundled by the
 * build (partition/service/SConscript) and linked into the boot image right
 * after the root task, for the partition service to index by name.
 * Little-endian, fixed-width fields; data 8-byte aligned.
 */
#pragma once

/* Plain C types only: every field is 32 bits on armv7 and on the host. */

#define CELLPACK_MAGIC	   "CELLPACK" /* 8 bytes, no terminating NUL */
#define CELLPACK_MAGIC_LEN 8
#define CELLPACK_NAME_LEN  32	       /* NUL-padded */
#define CELLPACK_TABLE	   "celltable" /* the entry holding the cell table */

struct cellpack_header {
	char magic[CELLPACK_MAGIC_LEN];
	unsigned int count; /* entries following the header */
	unsigned int size;  /* bytes of the whole pack */
};

struct cellpack_entry {
	char name[CELLPACK_NAME_LEN]; /* image name, or CELLPACK_TABLE */
	unsigned int offset;	      /* from the start of the pack, 8-aligned */
	unsigned int size;	      /* bytes */
};

_Static_assert(sizeof(struct cellpack_header) == 16, "pack header layout");
_Static_assert(sizeof(struct cellpack_entry) == 40, "pack entry layout");
