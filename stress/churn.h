/* SPDX-License-Identifier: MIT */
/* Threads made and destroyed while other cores hold their waits, during the stress (churn.c). */
#pragma once

/** churn_start() - make the sinks on @cores cores and start churning. 0 or -1. */
int churn_start(unsigned int cores, unsigned int seed);

/** churn_stop() - stop, report, and return how many threads' memory did not come back. */
unsigned int churn_stop(void);
