// SPDX-License-Identifier: MIT
/*
 * ARMv5's structure offsets for assembly (the trap entry), computed by the
 * compiler as those every ARM arch needs are (arch/arm-common/asm-offsets.c,
 * which says how): the same <asm-offsets.h> has both.
 */
#include <stddef.h>

#include <cpu.h>

#define DEFINE(sym, val) __asm__ volatile("\n->" #sym " %0" : : "i"(val))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(CPU_FASTPATH_SYS, offsetof(struct cpu, arch.fastpath_sys));
}
