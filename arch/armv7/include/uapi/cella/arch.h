/* SPDX-License-Identifier: MIT */
/*
 * What user level may rely on of the ARMv7 core (Cortex-A15): shared by the
 * kernel and user level, as <cella/arch.h>; each arch answers the same names.
 */
#pragma once

/* TPIDRURW, a thread register user code may write: the kernel switches it per thread. */
#define ARCH_HAS_TLS_REGISTER 1
