/* SPDX-License-Identifier: MIT */
/*
 * ARMv5 has no virtualization extensions: no thread carries a VCPU, and
 * kernel/vcpu_none.c refuses the VCPU system calls (target.py: VCPUS).
 * What is here lets the portable declarations compile.
 */
#pragma once

/* A VCPU's architecture state: none. */
struct arch_vcpu {
};

/* The guest's inter-core interrupt IDs, as the VCPU ABI numbers them (uapi/cella/vcpu.h). */
#define VIRQ_IPI_COUNT 16
