/* SPDX-License-Identifier: MIT */
/*
 * What the boot core does about tests. Two images are linked from the same
 * kernel objects: the test image (cella-test.elf) adds kernel/ktest/selftest.c,
 * the in-kernel self-tests (ktest.h) and the fault injection of kfault=
 * (kfault.h); the product image (cella.elf) adds kernel/selftest_refuse.c
 * instead and carries no test code: boot arguments that ask for tests are
 * refused there, one console line each.
 */
#pragma once

/**
 * selftest_setup() - register what the tests need before other cores start
 * and interrupts are enabled (their SGIs). Boot core.
 */
void selftest_setup(void);

/**
 * selftest_run() - with every core online and interrupts enabled: the
 * self-tests unless ktest=off, then the fault of kfault= if given; in the
 * product image, the refusal of ktest= and kfault=. Boot core.
 */
void selftest_run(void);
