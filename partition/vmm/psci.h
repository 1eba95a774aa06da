/* SPDX-License-Identifier: MIT */
/*
 * PSCI 1.0 for a VM's 32-bit guest, over SMCCC (HVC or SMC, function ID in
 * r0, arguments in r1-r3, the result in r0): the power state of each VCPU
 * and the calls a Linux guest makes to start and stop its CPUs and the
 * system. Function IDs and return codes are those of ARM DEN 0022D.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <cella/vcpu.h>

/* SMC32 function IDs. */
#define PSCI_FN_VERSION		  0x84000000u
#define PSCI_FN_CPU_SUSPEND	  0x84000001u
#define PSCI_FN_CPU_OFF		  0x84000002u
#define PSCI_FN_CPU_ON		  0x84000003u
#define PSCI_FN_AFFINITY_INFO	  0x84000004u
#define PSCI_FN_MIGRATE		  0x84000005u
#define PSCI_FN_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_FN_SYSTEM_OFF	  0x84000008u
#define PSCI_FN_SYSTEM_RESET	  0x84000009u
#define PSCI_FN_FEATURES	  0x8400000au
#define SMCCC_FN_VERSION	  0x80000000u /* SMCCC 1.1 discovery: not supported, so SMCCC 1.0 */

/* Return codes (r0). */
#define PSCI_RET_SUCCESS	    0
#define PSCI_RET_NOT_SUPPORTED	    (-1)
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_DENIED		    (-3)
#define PSCI_RET_ALREADY_ON	    (-4)
#define PSCI_RET_ON_PENDING	    (-5)
#define PSCI_RET_INTERNAL_FAILURE   (-6)

#define PSCI_VERSION_1_0	0x00010000u /* major in bits 31-16, minor in 15-0 */
#define PSCI_MIGRATE_NOT_NEEDED 2	    /* MIGRATE_INFO_TYPE: no Trusted OS to migrate */
#define PSCI_AFFINITY_MASK	0x00ffffffu /* MPIDR Aff2-Aff0: what CPU_ON names */
#define PSCI_ENTRY_CPSR		0x1d3u	    /* SVC mode, A, I and F masked */
#define PSCI_ENTRY_CPSR_THUMB	0x20u	    /* entry address bit 0 set: start in Thumb */

/* AFFINITY_INFO results, which are also the states of a VCPU. */
enum psci_state {
	PSCI_ON = 0,
	PSCI_OFF = 1,
	PSCI_ON_PENDING = 2, /* CPU_ON done, the VCPU has not exited yet */
};

/* System events for the partition service. */
enum psci_event {
	PSCI_EVENT_OFF,	  /* SYSTEM_OFF: stop the cell */
	PSCI_EVENT_RESET, /* SYSTEM_RESET: start the cell afresh */
};

struct psci_ops {
	/**
	 * cpu_on() - start stopped VCPU @vcpu with pc @pc, CPSR @cpsr, r0 @r0
	 * and its PL1 system registers at reset (MMU and caches off). 0, or
	 * an ERR_* (the caller then gets INTERNAL_FAILURE and @vcpu stays off).
	 */
	int (*cpu_on)(void *ctx, unsigned int vcpu, uint32_t pc, uint32_t cpsr, uint32_t r0);
	/** system_event() - the guest asked for @event; its caller stops. */
	void (*system_event)(void *ctx, enum psci_event event);
};

struct psci {
	unsigned int vcpus;
	uint32_t mpidr[VCPU_MAX]; /* affinity of each VCPU, as CPU_ON names it */
	enum psci_state state[VCPU_MAX];
	const struct psci_ops *ops;
	void *ctx;
};

/* What a call returns to its caller. */
struct psci_result {
	uint32_t r0;
	bool stop; /* the caller does not return (CPU_OFF, SYSTEM_OFF, SYSTEM_RESET) */
};

/**
 * psci_init() - @vcpus VCPUs, VCPU i with MPIDR @mpidr[i] (only the
 * affinity bits count), all off but @boot. ERR_INVALID if @vcpus is 0 or
 * above VCPU_MAX, @boot is not below it, or two VCPUs share an affinity.
 */
int psci_init(struct psci *p, unsigned int vcpus, const uint32_t *mpidr, unsigned int boot,
	      const struct psci_ops *ops, void *ctx);

/**
 * psci_call() - VCPU @caller calls function @a[0] with arguments @a[1..3].
 * Any other function ID is NOT_SUPPORTED (SMCCC's answer to an unknown
 * function too): CPU_SUSPEND, MIGRATE, SMC64 IDs, SMCCC_VERSION, the rest.
 */
struct psci_result psci_call(struct psci *p, unsigned int caller, const uint32_t a[4]);

/**
 * psci_vcpu_running() - VCPU @vcpu has run (it exited, or the glue knows):
 * ON_PENDING becomes ON.
 */
void psci_vcpu_running(struct psci *p, unsigned int vcpu);
