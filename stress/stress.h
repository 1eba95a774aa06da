/* SPDX-License-Identifier: MIT */
/* The cross-core IPC stress (stress.c), run by the root task with the boot argument `stress`. */
#pragma once

/** stress_run() - run the stress for stress_ms, print per-pair counts and the summary line. */
void stress_run(void);
