/* SPDX-License-Identifier: MIT */
/*
 * What user level may rely on of the ARMv5 core (ARM926EJ-S): shared by the
 * kernel and user level, as <cella/arch.h>; each arch answers the same names.
 */
#pragma once

/* No thread register (TPIDRURW came with ARMv6K). */
#define ARCH_HAS_TLS_REGISTER 0
