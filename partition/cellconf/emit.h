/* SPDX-License-Identifier: MIT */
/* Output of cellconf: the binary cell table and one device tree per VM cell. */
#pragma once

#include <stddef.h>

#include "model.h"

/**
 * emit_table() - encode @s as a cell table into @buf of @len bytes
 * (CELLTABLE_MAX_SIZE is always enough; @buf 8-byte aligned). Returns the
 * table's size, or -1 if @len is too small.
 */
long emit_table(const struct system *s, void *buf, size_t len);

/**
 * emit_dtb() - the device tree of VM cell @cell of @s into @buf of @len
 * bytes. Returns its size, or a negative libfdt error.
 */
int emit_dtb(const struct system *s, unsigned int cell, void *buf, size_t len);

/**
 * emit_files() - write the table to @table_path and, when @dtb_dir is not
 * NULL, @dtb_dir/CELL.dtb for every VM cell and @dtb_dir/CELL.vmboot
 * (cella/vmboot.h) for every one booting a kernel image; a device tree
 * larger than VMBOOT_DTB_SLOT is a libfdt error. Returns 0, or -1 after a
 * message on stderr.
 */
int emit_files(const struct system *s, const char *table_path, const char *dtb_dir);
