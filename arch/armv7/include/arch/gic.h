/* SPDX-License-Identifier: MIT */
/* GICv2 operations the rest of the armv7 code needs beyond <irq.h>. */
#pragma once

/** gic_cpu_disable() - stop this core's CPU interface from signalling. */
void gic_cpu_disable(void);
