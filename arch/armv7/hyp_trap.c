// SPDX-License-Identifier: MIT
/*
 * HYP exception dispatch. IRQs go to the generic irq layer; everything
 * else is unexpected while nothing runs below HYP: it is reported with the
 * syndrome, fault addresses and a register dump, and halts the core.
 */
#include <console.h>
#include <cpu.h>
#include <irq.h>

#include <arch/sysreg.h>
#include <arch/trap.h>

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

static void dump_registers(const struct trap_frame *f)
{
	for (int i = 0; i < 12; i += 4)
		kprintf("  r%-2d %08x  r%-2d %08x  r%-2d %08x  r%-2d %08x\n", i, f->r[i], i + 1,
			f->r[i + 1], i + 2, f->r[i + 2], i + 3, f->r[i + 3]);
	kprintf("  r12 %08x  sp  %08x  lr  %08x  pc  %08x\n", f->r[12], f->sp, f->lr, f->pc);
	kprintf("  psr %08x\n", f->psr);
}

static __noreturn void unexpected(const struct trap_frame *f, enum hyp_vector v)
{
	uint32_t hsr = sysreg_read(hsr);
	uint32_t ec = HSR_EC(hsr);
	const char *ec_name = ec_names[ec] ? ec_names[ec] : "reserved";

	arch_irq_disable();
	console_lock();
	kprintf("cella: unexpected HYP exception on cpu%u: %s (vector 0x%02x)\n", this_cpu()->id,
		vector_names[v / 4], v);
	kprintf("  EC 0x%02x (%s)  HSR 0x%08x  IL %u  ISS 0x%07x\n", ec, ec_name, hsr, HSR_IL(hsr),
		HSR_ISS(hsr));
	kprintf("  HDFAR 0x%08x  HIFAR 0x%08x  HPFAR 0x%08x\n", sysreg_read(hdfar),
		sysreg_read(hifar), sysreg_read(hpfar));
	dump_registers(f);
	console_unlock();
	cpu_halt();
}

/* vectors.S: a data abort in HYP with SP in the guard below this core's stack. */
__noreturn void kernel_stack_overflow(uint32_t pc);

__noreturn void kernel_stack_overflow(uint32_t pc)
{
	console_lock();
	kprintf("cella: kernel stack overflow on cpu%u: HDFAR 0x%08x, pc 0x%08x\n", this_cpu()->id,
		sysreg_read(hdfar), pc);
	console_unlock();
	cpu_halt();
}

void hyp_exception(struct trap_frame *frame, enum hyp_vector vector)
{
	if (vector == HYP_VEC_IRQ) {
		irq_handle();
		return;
	}
	/* Nothing runs below HYP yet, so every other exception is a kernel bug. */
	unexpected(frame, vector);
}
