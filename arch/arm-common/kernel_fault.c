// SPDX-License-Identifier: MIT
/*
 * The kernel's own faults on every ARM arch (arm/kernel_fault.h): one report
 * on the console, with interrupts masked, then the core halts.
 */
#include <console.h>
#include <cpu.h>

#include <arm/kernel_fault.h>

static void dump_registers(const struct trap_frame *f)
{
	for (int i = 0; i < 12; i += 4)
		kprintf("  r%-2d %08x  r%-2d %08x  r%-2d %08x  r%-2d %08x\n", i, f->r[i], i + 1,
			f->r[i + 1], i + 2, f->r[i + 2], i + 3, f->r[i + 3]);
	kprintf("  r12 %08x  sp  %08x  lr  %08x  pc  %08x\n", f->r[12], f->sp, f->lr, f->pc);
	kprintf("  psr %08x\n", f->psr);
}

__noreturn void kernel_fault(const struct trap_frame *f, const char *name, unsigned int vector)
{
	arch_irq_disable();
	console_lock();
	kprintf("cella: unexpected " KERNEL_MODE_NAME " exception on cpu%u: %s (vector 0x%02x)\n",
		this_cpu()->id, name, vector);
	kernel_fault_arch_status();
	dump_registers(f);
	console_unlock();
	cpu_halt();
}

__noreturn void kernel_stack_overflow(uint32_t pc)
{
	console_lock();
	kprintf("cella: kernel stack overflow on cpu%u: " KERNEL_FAR_NAME " 0x%08x, pc 0x%08x\n",
		this_cpu()->id, kernel_fault_arch_far(), pc);
	console_unlock();
	cpu_halt();
}
