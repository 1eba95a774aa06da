/* SPDX-License-Identifier: MIT */
/*
 * HYP exceptions: the saved register frame, the vector offsets, and the
 * exception classes (HSR.EC) of the ARMv7 virtualization extensions.
 */
#pragma once

#include <types.h>

/* Offsets in the HYP vector table, also passed to hyp_exception(). */
enum hyp_vector {
	HYP_VEC_RESET = 0x00,
	HYP_VEC_UNDEF = 0x04, /* undefined instruction in HYP */
	HYP_VEC_SVC = 0x08,   /* SVC or HVC executed in HYP */
	HYP_VEC_PABT = 0x0c,  /* prefetch abort in HYP */
	HYP_VEC_DABT = 0x10,  /* data abort in HYP */
	HYP_VEC_TRAP = 0x14,  /* HVC, or a trap from a lower level */
	HYP_VEC_IRQ = 0x18,
	HYP_VEC_FIQ = 0x1c,
};

/* HSR.EC values. */
enum hsr_ec {
	EC_UNKNOWN = 0x00,
	EC_WFI_WFE = 0x01,
	EC_CP15_32 = 0x03,
	EC_CP15_64 = 0x04,
	EC_CP14_32 = 0x05,
	EC_CP14_LS = 0x06,
	EC_HCPTR = 0x07,
	EC_CP10_ID = 0x08,
	EC_CP14_64 = 0x0c,
	EC_SVC = 0x11,
	EC_HVC = 0x12,
	EC_SMC = 0x13,
	EC_PABT_LOWER = 0x20,
	EC_PABT_HYP = 0x21,
	EC_DABT_LOWER = 0x24,
	EC_DABT_HYP = 0x25,
	EC_COUNT = 0x40,
};

#define HSR_EC(hsr)  ((hsr) >> 26)
#define HSR_IL(hsr)  (((hsr) >> 25) & 1)
#define HSR_ISS(hsr) ((hsr)&0x01ffffff)

/* The whole syndrome of `svc #0` in ARM state (IL set): vec_trap compares it at once. */
#define HSR_SVC_ARM_0 ((uint32_t)EC_SVC << 26 | 1u << 25)

/* The kernel's mode and its data fault address register, as fault reports name them. */
#define KERNEL_MODE_NAME "HYP"
#define KERNEL_FAR_NAME	 "HDFAR"

/* Registers of the interrupted context, saved by vectors.S. */
struct trap_frame {
	uint32_t tls;	/* a native thread's TPIDRURW while it is off its core (and 8-byte size) */
	uint32_t sp;	/* SP at the moment of the exception */
	uint32_t pc;	/* ELR_hyp: the preferred return address */
	uint32_t psr;	/* SPSR_hyp */
	uint32_t lr;	/* LR (the User-mode LR: HYP has no banked LR) */
	uint32_t r[13]; /* r0-r12 */
};

/*
 * vectors.S saves a thread's registers with two pushes below SP_hyp, which
 * points just past the frame: r0-r12 as the last block, then sp, pc, psr
 * and lr (in ascending order with lr last: r8, r9, r10, lr, no copy of lr
 * needed) as the block just below it; and loads them back the same way,
 * the IPC fast path with tls as the word below sp (fastpath.S).
 */
_Static_assert(offsetof(struct trap_frame, sp) == 4 &&
		       offsetof(struct trap_frame, pc) == offsetof(struct trap_frame, sp) + 4 &&
		       offsetof(struct trap_frame, psr) == offsetof(struct trap_frame, sp) + 8 &&
		       offsetof(struct trap_frame, lr) == offsetof(struct trap_frame, sp) + 12 &&
		       offsetof(struct trap_frame, r) == offsetof(struct trap_frame, lr) + 4 &&
		       sizeof(struct trap_frame) == offsetof(struct trap_frame, r) + 13 * 4,
	       "sp, pc, psr, lr, r0-r12 must be consecutive, at the frame's end");

/** hyp_exception() - C handler for every HYP vector; returns to resume. */
void hyp_exception(struct trap_frame *frame, enum hyp_vector vector);
