/* SPDX-License-Identifier: MIT */
/*
 * Virtual CPUs, shared by the kernel and user level (the VMM). A VCPU is a
 * thread that runs a guest kernel at PL1/PL0 of its own space (the cell's
 * stage 2) instead of native code at PL0. docs/vmm.md has the whole
 * protocol; docs/syscalls.md each call.
 *
 * Guest exits the kernel does not handle itself come to the VCPU's fault
 * handler as a fault message (label FAULT_LABEL) of VCPU_EXIT_WORDS words:
 *
 *   word 0  kind (FAULT_VCPU_* below, or FAULT_DATA / FAULT_PREFETCH for a
 *           stage-2 abort that cannot be emulated: no syndrome to decode)
 *   word 1  address: the IPA for MMIO and aborts, the immediate for HVC (0 for
 *           SMC: ARMv7's syndrome has none),
 *           the ISS (coprocessor, opcodes, CRn/CRm) for FAULT_VCPU_SYSREG
 *   word 2  pc of the trapped instruction
 *   word 3  syndrome (HSR on armv7)
 *   words 4-7, by kind:
 *     MMIO    value written (0 for a read), size in bytes, register, flags
 *     HVC/SMC r0, r1, r2, r3
 *     SYSREG  value of Rt (writes), Rt, value of Rt2 (64-bit), flags
 *
 * Words 4-7 travel in the handler's IPC buffer (a message longer than the
 * registers); a handler without one gets IPC_TRUNCATED.
 *
 * The handler's reply, in registers:
 *   word 0  FAULT_RESUME or FAULT_STOP
 *   word 1  new pc, or 0 to keep it
 *   word 2  VCPU_REPLY_* flags, with the register to set in bits 8-15
 *   word 3  the value to set
 */
#pragma once

#define VCPU_MAX	8 /* VCPUs per space: the guest's CPU interface numbers 0-7 */
#define VCPU_EXIT_WORDS 8

/* Exit kinds (fault message word 0), after the native FAULT_* kinds. */
#define FAULT_VCPU_MMIO	  5 /* stage-2 data abort with a decodable syndrome */
#define FAULT_VCPU_HVC	  6 /* HVC: PSCI and other hypervisor calls */
#define FAULT_VCPU_SMC	  7 /* SMC (trapped: guests never reach the secure world) */
#define FAULT_VCPU_SYSREG 8 /* trapped coprocessor register access */

/* Word 7 of a MMIO exit. */
#define VCPU_MMIO_WRITE	 (1u << 0) /* the guest stores word 4 */
#define VCPU_MMIO_SIGNED (1u << 1) /* a load the guest sign-extends */

/* Word 7 of a SYSREG exit. */
#define VCPU_SYSREG_READ  (1u << 0) /* MRC/MRRC: the guest reads into Rt (and Rt2) */
#define VCPU_SYSREG_64BIT (1u << 1) /* MCRR/MRRC */

#ifndef __ASSEMBLY__
/* The handler's reply to an exit (its first two words as struct fault_reply). */
struct vcpu_reply {
	unsigned int action; /* FAULT_RESUME or FAULT_STOP */
	unsigned int pc;     /* resume here instead, if not 0 */
	unsigned int flags;  /* VCPU_REPLY_*, with the register to set in bits 8-15 */
	unsigned int value;  /* the value to set */
};
#endif

/* Reply word 2. */
#define VCPU_REPLY_ADVANCE     (1u << 0) /* skip the trapped instruction */
#define VCPU_REPLY_SET	       (1u << 1) /* write reply word 3 into the register below */
#define VCPU_REPLY_REG_SHIFT   8
#define VCPU_REPLY(flags, reg) ((unsigned int)(flags) | (unsigned int)(reg) << VCPU_REPLY_REG_SHIFT)

/* Registers for SYS_VCPU_WRITE and VCPU_REPLY_SET: r0-r12 are 0-12. */
#define VCPU_REG_SP    13 /* SP of the guest's current mode */
#define VCPU_REG_LR    14 /* LR of the guest's current mode */
#define VCPU_REG_PC    15
#define VCPU_REG_CPSR  16
#define VCPU_REG_COUNT 17

/* SYS_VCPU_VIRQ operations. */
#define VIRQ_ENABLE  0 /* deliver this virtual interrupt when it is pending */
#define VIRQ_DISABLE 1 /* hold it pending, undelivered */
#define VIRQ_RAISE   2 /* make it pending (an emulated device's interrupt, GICD_ISPENDR) */

/* SYS_VCPU_STAT counters: what a VCPU has cost, since it was made. */
#define VCPU_STAT_EXITS 0 /* exceptions taken from its guest (traps and interrupts) */
#define VCPU_STAT_VIRQS 1 /* virtual interrupts put in its list registers */
#define VCPU_STAT_COUNT 2

/* Virtual interrupt IDs the kernel tracks per VCPU: SGIs, PPIs and SPIs below this. */
#define VIRQ_COUNT 96
