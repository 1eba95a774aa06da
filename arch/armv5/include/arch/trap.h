/* SPDX-License-Identifier: MIT */
/* ARMv5 exceptions: the saved register frame and the vectors. */
#pragma once

#include <types.h>

/* The vectors, by their offset in the table; passed to the C handlers. */
enum arm_vector {
	VEC_RESET = 0x00,
	VEC_UNDEF = 0x04,
	VEC_SVC = 0x08,
	VEC_PABT = 0x0c,
	VEC_DABT = 0x10,
	VEC_IRQ = 0x18,
	VEC_FIQ = 0x1c,
};

/* The kernel's mode and its data fault address register, as fault reports name them. */
#define KERNEL_MODE_NAME "SVC"
#define KERNEL_FAR_NAME	 "FAR"

/*
 * Registers of the interrupted context, saved by vectors.S: r0-r15 in
 * register order, so one ldm restores a kernel context, then the PSR.
 */
struct trap_frame {
	uint32_t r[13]; /* r0-r12 */
	uint32_t sp;	/* SP at the moment of the exception */
	uint32_t lr;	/* LR of the interrupted mode */
	uint32_t pc;	/* where to resume (the faulting instruction for aborts) */
	uint32_t psr;	/* SPSR */
	uint32_t pad;	/* frames are a multiple of 8 bytes */
};

_Static_assert(offsetof(struct trap_frame, pc) == 15 * 4, "r0-r15 must be in order");

/** kernel_exception() - C handler of exceptions taken in SVC; returns to resume. */
void kernel_exception(struct trap_frame *frame, enum arm_vector vector);

/** user_exception() - C handler of exceptions from USR; returns the registers to resume. */
struct trap_frame *user_exception(struct trap_frame *ctx, enum arm_vector vector);
