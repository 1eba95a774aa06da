// SPDX-License-Identifier: MIT
/*
 * Structure offsets and sizes for assembly that every ARM arch needs,
 * computed by the compiler. SConstruct compiles this file (and the arch's
 * own asm-offsets.c, if it has one) to assembly and turns each
 * "->NAME value" marker into #define NAME value in <asm-offsets.h>.
 */
#include <stddef.h>

#include <cpu.h>

#include <arch/trap.h>

#define DEFINE(sym, val) __asm__ volatile("\n->" #sym " %0" : : "i"(val))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(TF_SIZE, sizeof(struct trap_frame));
	DEFINE(TF_SP, offsetof(struct trap_frame, sp));
	DEFINE(TF_LR, offsetof(struct trap_frame, lr));
	DEFINE(TF_PC, offsetof(struct trap_frame, pc));
	DEFINE(TF_PSR, offsetof(struct trap_frame, psr));
	DEFINE(TF_R0, offsetof(struct trap_frame, r));
	DEFINE(CPU_STACK_TOP, offsetof(struct cpu, stack_top));
}
