/* SPDX-License-Identifier: MIT */
/* Memory as the system calls see it. Shared by the kernel and user level. */
#pragma once

/* The unit of memory objects, mappings and kernel-memory donations: bases,
 * sizes and offsets are multiples of it (docs/syscalls.md). */
#define PAGE_SIZE 4096u
