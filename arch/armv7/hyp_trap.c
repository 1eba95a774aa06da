// SPDX-License-Identifier: MIT
/*
 * HYP exception dispatch. IRQs go to the generic irq layer; everything
 * else is unexpected while nothing runs below HYP: it is reported with the
 * syndrome, fault addresses and a register dump (arm/kernel_fault.h), and
 * halts the core.
 */
#include <console.h>
#include <irq.h>

#include <arch/sysreg.h>
#include <arch/trap.h>
#include <arm/kernel_fault.h>

static const char *const vector_names[] = {
	[HYP_VEC_RESET / 4] = "reset vector",
	[HYP_VEC_UNDEF / 4] = "undefined instruction in HYP",
	[HYP_VEC_SVC / 4] = "SVC or HVC in HYP",
	[HYP_VEC_PABT / 4] = "prefetch abort in HYP",
	[HYP_VEC_DABT / 4] = "data abort in HYP",
	[HYP_VEC_TRAP / 4] = "hyp trap",
	[HYP_VEC_IRQ / 4] = "IRQ",
	[HYP_VEC_FIQ / 4] = "FIQ",
};

static const char *const ec_names[EC_COUNT] = {
	[EC_UNKNOWN] = "unknown reason",
	[EC_WFI_WFE] = "WFI/WFE",
	[EC_CP15_32] = "MCR/MRC cp15",
	[EC_CP15_64] = "MCRR/MRRC cp15",
	[EC_CP14_32] = "MCR/MRC cp14",
	[EC_CP14_LS] = "LDC/STC cp14",
	[EC_HCPTR] = "coprocessor access (HCPTR)",
	[EC_CP10_ID] = "VMRS cp10",
	[EC_CP14_64] = "MRRC cp14",
	[EC_SVC] = "SVC",
	[EC_HVC] = "HVC",
	[EC_SMC] = "SMC",
	[EC_PABT_LOWER] = "prefetch abort from a lower level",
	[EC_PABT_HYP] = "prefetch abort taken from HYP",
	[EC_DABT_LOWER] = "data abort from a lower level",
	[EC_DABT_HYP] = "data abort taken from HYP",
};

void kernel_fault_arch_status(void)
{
	uint32_t hsr = sysreg_read(hsr);
	uint32_t ec = HSR_EC(hsr);
	const char *ec_name = ec_names[ec] ? ec_names[ec] : "reserved";

	kprintf("  EC 0x%02x (%s)  HSR 0x%08x  IL %u  ISS 0x%07x\n", ec, ec_name, hsr, HSR_IL(hsr),
		HSR_ISS(hsr));
	kprintf("  HDFAR 0x%08x  HIFAR 0x%08x  HPFAR 0x%08x\n", sysreg_read(hdfar),
		sysreg_read(hifar), sysreg_read(hpfar));
}

uint32_t kernel_fault_arch_far(void)
{
	return sysreg_read(hdfar);
}

void hyp_exception(struct trap_frame *frame, enum hyp_vector vector)
{
	if (vector == HYP_VEC_IRQ) {
		irq_handle();
		return;
	}
	/* Nothing runs below HYP yet, so every other exception is a kernel bug. */
	kernel_fault(frame, vector_names[vector / 4], vector);
}
