/* SPDX-License-Identifier: MIT */
/* The root task's parts. */
#pragma once

#include <uapi/cella/bootinfo.h>

/** root_run_tests() - the user-level test suites (partition/root/tests.c). */
void root_run_tests(const struct bootinfo *bi);
