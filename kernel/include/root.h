/* SPDX-License-Identifier: MIT */
/*
 * The root task: the first user-level program, started by the kernel on
 * the boot core with handles to all free memory (and, as they come, to
 * interrupts and cores). It grows into the partition service.
 */
#pragma once

/** root_start() - build the root task's space and make its thread runnable. Boot core. */
void root_start(void);

struct space;

/** root_space() - the root task's space, NULL before root_start(). Any core. */
struct space *root_space(void);
