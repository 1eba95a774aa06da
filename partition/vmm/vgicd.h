/* SPDX-License-Identifier: MIT */
/*
 * The VMM's emulated GICv2 distributor (a GIC-400 as the guest sees it): one
 * per VM, for its VCPUs and the VIRQ_COUNT interrupt IDs the kernel tracks.
 * The guest's accesses arrive as MMIO exits; what needs the kernel (enabling,
 * disabling, raising a virtual interrupt) goes through struct vgicd_ops.
 *
 * Behaviour the guest can see, where GICv2 leaves a choice:
 * - SGI enable bits are implemented (GICv2 allows this or RAO/WI) and passed
 *   to the kernel like PPIs; Linux sets them itself (gic_cpu_config).
 * - Pending and active state lives in the kernel and the list registers:
 *   ISPENDR, ISACTIVER and ICACTIVER read as 0; an ISPENDR write raises the
 *   interrupt (not for SGIs: GICD_SPENDSGIR's job, RAZ/WI here); ICPENDR and
 *   the active registers ignore writes (the kernel has no "clear pending").
 * - GICD_CTLR's enable bit is stored; it does not gate delivery (Linux only
 *   clears it while every SPI is disabled).
 * - Priorities keep 5 bits (32 levels, as GIC-400); they and ICFGR are
 *   stored for read-back only: the kernel sets list-register priorities and
 *   device SPIs keep the trigger of their physical line.
 * - ITARGETSR of SPIs is stored (masked to existing VCPUs) and does not move
 *   the SPI: delivery follows the VMM's binding, vgicd_bind_spi().
 * - Halfword, misaligned and out-of-range accesses read as 0 and ignore
 *   writes; each is counted.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <cella/vcpu.h>

#define VGICD_SIZE	0x1000 /* bytes of guest address space the distributor takes */
#define VGICD_SPI0	32     /* first shared interrupt ID */
#define VGICD_SPIS	(VIRQ_COUNT - VGICD_SPI0)
#define VGICD_IIDR	0x0200043bu /* GIC-400 r0p0, implementer ARM */
#define VGICD_PRIO_MASK 0xf8	    /* implemented priority bits */

/* Kernel effects, on the target sys_vcpu_virq() on the VCPU's handle. */
struct vgicd_ops {
	/** virq() - VIRQ_ENABLE, _DISABLE or _RAISE @virq of VCPU @vcpu: 0 or an ERR_*. */
	int (*virq)(void *ctx, unsigned int vcpu, unsigned int virq, unsigned int op);
};

/* SGIs and PPIs of one VCPU (the banked part of the distributor). */
struct vgicd_bank {
	uint32_t enabled; /* bit n: ID n enabled */
	uint8_t prio[VGICD_SPI0];
	uint8_t cfg[VGICD_SPI0]; /* ICFGR field of each PPI */
};

struct vgicd_spi {
	bool enabled;
	uint8_t prio;
	uint8_t target; /* ITARGETSR byte as written */
	uint8_t cfg;	/* ICFGR field */
	uint8_t owner;	/* the VCPU the kernel delivers it to */
};

struct vgicd_stats {
	unsigned int reserved;	 /* accesses to reserved offsets or absent IDs */
	unsigned int bad_access; /* halfword, misaligned or a size GICv2 does not allow there */
	unsigned int ops_failed; /* ops->virq() returned an error */
};

struct vgicd {
	unsigned int vcpus;
	uint32_t ctlr;
	struct vgicd_bank bank[VCPU_MAX];
	struct vgicd_spi spi[VGICD_SPIS];
	const struct vgicd_ops *ops;
	void *ctx;
	struct vgicd_stats stats;
};

/**
 * vgicd_init() - a distributor at reset (everything disabled, SPIs owned by
 * VCPU 0) for @vcpus VCPUs, calling @ops with @ctx. ERR_INVALID if @vcpus is
 * 0 or above VCPU_MAX. Calls no op.
 */
int vgicd_init(struct vgicd *d, unsigned int vcpus, const struct vgicd_ops *ops, void *ctx);

/**
 * vgicd_bind_spi() - deliver SPI @virq to VCPU @vcpu from now on (the glue
 * binds the physical interrupt to the same VCPU). An enabled SPI is disabled
 * on its old owner and enabled on the new one. ERR_INVALID for an ID that is
 * not an SPI or a VCPU that does not exist.
 */
int vgicd_bind_spi(struct vgicd *d, unsigned int virq, unsigned int vcpu);

/** vgicd_read() - the value VCPU @vcpu reads with a @size-byte load at @offset. */
uint32_t vgicd_read(struct vgicd *d, unsigned int vcpu, uint32_t offset, unsigned int size);

/** vgicd_write() - VCPU @vcpu stores the low @size bytes of @value at @offset. */
void vgicd_write(struct vgicd *d, unsigned int vcpu, uint32_t offset, unsigned int size,
		 uint32_t value);
