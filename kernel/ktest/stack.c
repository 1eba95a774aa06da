// SPDX-License-Identifier: MIT
/* Self-test of the guard below each core's kernel stack: unmapped, the stack mapped. */
#include <cpu.h>
#include <ktest.h>
#include <ram.h>

KTEST(stack_guards)
{
	for (cpuid_t c = 0; c < CONFIG_MAX_CPUS; c++) {
		const struct kernel_stack *k = &kernel_stacks[c];
		bool guarded = !ram_arch_mapped((vaddr_t)k->guard) &&
			       !ram_arch_mapped((vaddr_t)&k->guard[CONFIG_STACK_SIZE - 4]);
		bool usable = ram_arch_mapped((vaddr_t)k->stack) &&
			      ram_arch_mapped((vaddr_t)&k->stack[CONFIG_STACK_SIZE - 4]);

		ktest_result(guarded && usable, "stack_guard_cpu%u", c);
	}
}
