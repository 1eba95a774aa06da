/* SPDX-License-Identifier: MIT */
/* Kernel counters for user level (uapi/cella/kstat.h names them). */
#pragma once

#include <types.h>

struct thread;

/** sys_kstat() - (interrupt control, core, counter) -> value; docs/syscalls.md. */
int sys_kstat(struct thread *self, const uint32_t *args);
