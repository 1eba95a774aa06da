/* SPDX-License-Identifier: MIT */
/*
 * PSCI (Arm DEN 0022), the one call the RTOS makes: SYSTEM_RESET, when the
 * kernel cannot go on, through the conduit the device tree's /psci node names.
 */
#pragma once

#include <stdbool.h>

enum psci_conduit {
	PSCI_NONE, /* no /psci node (bare hardware without such firmware) */
	PSCI_HVC,  /* "method" = "hvc": a hypervisor answers (a Cella VM cell) */
	PSCI_SMC,  /* "method" = "smc": secure firmware answers */
};

/** psci_init() - the conduit for PSCI calls, from the device tree; from boot. */
void psci_init(enum psci_conduit conduit);

/** psci_present() - whether psci_init() named a conduit. */
bool psci_present(void);

/**
 * psci_system_reset() - ask the platform to reset the system; returns only
 * if it refuses: the PSCI error (negative; NOT_SUPPORTED without a conduit).
 */
int psci_system_reset(void);
