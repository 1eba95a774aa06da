/* SPDX-License-Identifier: MIT */
/*
 * The VMM's portable core: one struct vmm per VM turns each guest exit the
 * kernel sends (a fault message, uapi/cella/vcpu.h) into the reply for the
 * VCPU. It emulates the GIC distributor (vgicd.h), PSCI (psci.h) and the
 * trapped coprocessor registers (coproc.h); it makes no system call itself.
 *
 * What the glue (the partition service) does:
 * 1. vmm_init() with the VM's shape and the ops: vgicd_ops.virq is
 *    sys_vcpu_virq() on that VCPU's handle; psci_ops.cpu_on sets pc, cpsr
 *    and r0 of a stopped VCPU (sys_vcpu_write) and starts it; a VCPU that
 *    ran before needs its PL1 system registers at reset (SCTLR: MMU off),
 *    which SYS_VCPU_WRITE cannot set, so re-creating its thread may be the
 *    way; psci_ops.system_event records SYSTEM_OFF/RESET for the service
 *    to stop or restart the cell after replying.
 * 2. vgicd_bind_spi() for each device SPI bound to a VCPU other than 0;
 *    vmm_doorbell_add() for each channel doorbell page of the VM.
 * 3. For each fault message of a VCPU (label FAULT_LABEL; drop or report a
 *    message with IPC_TRUNCATED: words 4-7 are needed): vmm_exit(), then
 *    reply with result.reply, whatever the action:
 *    VMM_RESUME  the VCPU continues;
 *    VMM_STOP    the VCPU stops (reply FAULT_STOP): CPU_OFF, or the
 *                system event already sent; CPU_ON may start it again;
 *    VMM_FAULT   reply FAULT_STOP too, report result.fault with the message
 *                words (kind, address, pc, syndrome) and apply the cell's
 *                on_fault policy: the VMM does not guess an answer.
 * 4. Print vm.stats (vmm_stat_name()) and vm.gicd.stats on the console.
 *
 * Not thread-safe: one thread handles all exits of a VM (or the glue
 * serialises calls).
 */
#pragma once

#include <stdint.h>

#include <cella/ipc.h>
#include <cella/vcpu.h>

#include "coproc.h"
#include "psci.h"
#include "vgicd.h"

/* What the glue does with the VCPU after replying. */
enum vmm_action {
	VMM_RESUME,
	VMM_STOP,
	VMM_FAULT,
};

/* Why an exit is a guest fault. */
enum vmm_fault {
	VMM_FAULT_NONE,
	VMM_FAULT_MMIO,	     /* MMIO outside the emulated windows, or into PC */
	VMM_FAULT_ABORT,     /* stage-2 abort without a decodable syndrome */
	VMM_FAULT_UNDEFINED, /* undefined or trapped instruction */
	VMM_FAULT_SYSREG,    /* coprocessor access the VMM does not answer */
	VMM_FAULT_HVC,	     /* HVC or SMC with a non-zero immediate (not SMCCC) */
	VMM_FAULT_EXIT,	     /* unknown exit kind, or a VCPU index the VM lacks */
	VMM_FAULT_PANIC,     /* the guest said it panicked (pvpanic) */
	VMM_FAULT_COUNT,
};

/* Exit counters, by exit kind; VMM_STAT_FAULT counts the exits that were faults. */
enum vmm_stat {
	VMM_STAT_MMIO,
	VMM_STAT_HVC,
	VMM_STAT_SMC,
	VMM_STAT_SYSREG,
	VMM_STAT_ABORT,
	VMM_STAT_UNDEFINED,
	VMM_STAT_OTHER,
	VMM_STAT_FAULT,
	VMM_STAT_COUNT,
};

#define VMM_DOORBELLS	  8	  /* doorbell pages of one VM */
#define VMM_DOORBELL_SIZE 0x1000u /* each a page: any access in it is the doorbell's */

/* A channel's doorbell as the guest sees it: a page nothing backs. */
struct vmm_doorbell_ops {
	/* The guest wrote @value anywhere in doorbell @id's page: ring the peer. */
	void (*ring)(void *ctx, unsigned int id, uint32_t value);
	/* The guest read it: what the peer rang since the last read (taken), or 0. */
	uint32_t (*take)(void *ctx, unsigned int id);
};

struct vmm_doorbell {
	uint32_t base;
	unsigned int id;
	const struct vmm_doorbell_ops *ops;
	void *ctx;
};

/* The VM's shape, from the cell table and the board. */
struct vmm_config {
	unsigned int vcpus;
	unsigned int boot_vcpu;	  /* the one running at start; PSCI starts the others */
	uint32_t mpidr[VCPU_MAX]; /* each VCPU's MPIDR as the guest reads it */
	uint32_t gicd_base;	  /* guest address of the distributor (VGICD_SIZE bytes) */
	uint32_t periphbase;	  /* CBAR: the guest's private peripheral base */
	uint32_t pvpanic_base;	  /* its pvpanic page (VMM_PVPANIC_*), 0 if none */
};

/*
 * A pvpanic device (QEMU's "qemu,pvpanic-mmio", which Linux's pvpanic
 * driver takes): a page whose first byte reads the events it supports and
 * takes a write of the events that happened. "Panicked" is a guest fault.
 */
#define VMM_PVPANIC_PANICKED 0x1u
#define VMM_PVPANIC_SIZE     0x1000u

struct vmm {
	uint32_t gicd_base, pvpanic_base;
	struct coproc_config coproc;
	struct vgicd gicd;
	struct psci psci;
	struct vmm_doorbell doorbells[VMM_DOORBELLS];
	unsigned int ndoorbells;
	unsigned int stats[VMM_STAT_COUNT];
};

/* The outcome of one exit. */
struct vmm_result {
	uint32_t reply[IPC_REG_WORDS]; /* the fault reply: FAULT_*, pc, VCPU_REPLY(), value */
	enum vmm_action action;
	enum vmm_fault fault; /* VMM_FAULT_NONE unless action is VMM_FAULT */
};

/**
 * vmm_init() - @vm for the VM @cfg describes, its effects through @gic_ops
 * and @psci_ops with @ctx. ERR_INVALID for a bad VCPU count, boot VCPU or
 * MPIDR table.
 */
int vmm_init(struct vmm *vm, const struct vmm_config *cfg, const struct vgicd_ops *gic_ops,
	     const struct psci_ops *psci_ops, void *ctx);

/**
 * vmm_doorbell_add() - make the page at guest address @base doorbell @id of
 * @vm: a write there calls @ops->ring(@ctx, @id, value), a read returns
 * @ops->take(@ctx, @id). ERR_INVALID if @base is not page-aligned or the
 * page is the distributor's or another doorbell's; ERR_NO_MEMORY if @vm has
 * VMM_DOORBELLS already. After vmm_init() (which forgets them).
 */
int vmm_doorbell_add(struct vmm *vm, uint32_t base, unsigned int id,
		     const struct vmm_doorbell_ops *ops, void *ctx);

/**
 * vmm_exit() - handle exit @msg (VCPU_EXIT_WORDS words) of VCPU @vcpu:
 * emulate what it asks, fill @result and return result->action.
 */
enum vmm_action vmm_exit(struct vmm *vm, unsigned int vcpu, const uint32_t msg[VCPU_EXIT_WORDS],
			 struct vmm_result *result);

/** vmm_stat_name() - a short name of counter @stat, for the console. */
const char *vmm_stat_name(enum vmm_stat stat);

/** vmm_fault_name() - a short name of @fault, for the glue's report. */
const char *vmm_fault_name(enum vmm_fault fault);
