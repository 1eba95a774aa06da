// SPDX-License-Identifier: MIT
/* Per-core data: one struct cpu per core, each on cache lines of its own. */
#include <atomic.h>
#include <console.h>
#include <cpu.h>

#include <shared/string.h>

STATIC_ASSERT(sizeof(struct cpu) % CACHE_LINE == 0, "struct cpu must fill whole cache lines");

struct cpu cpus[CONFIG_MAX_CPUS];

/* Kernel stacks, one per core; also used by the boot code in entry.S. */
/* Aligned to the pair's size: bit CONFIG_STACK_SHIFT of an address is 0 in a guard (vectors.S). */
struct kernel_stack kernel_stacks[CONFIG_MAX_CPUS] __aligned(2 * CONFIG_STACK_SIZE);

#define STACK_PAINT 0x57ac57acu /* what a stack word holds until it is first used */

/*
 * Paint this core's stack below the frames in use now, so that how deep it
 * has ever been used can be read later (cpu_stack_used()).
 */
static void paint_stack(cpuid_t id)
{
	uint32_t *word = (uint32_t *)(void *)kernel_stacks[id].stack;
	uint32_t *in_use = __builtin_frame_address(0);

	while (word + 64 < in_use) /* a margin for this function's own frame */
		*word++ = STACK_PAINT;
}

uint32_t cpu_stack_used(cpuid_t id)
{
	const uint32_t *word = (const uint32_t *)(const void *)kernel_stacks[id].stack;
	uint32_t n = 0;

	while (n < CONFIG_STACK_SIZE / 4 && READ_ONCE(word[n]) == STACK_PAINT)
		n++;
	return CONFIG_STACK_SIZE - n * 4;
}

void cpu_init_this(cpuid_t id)
{
	struct cpu *cpu = &cpus[id];

	paint_stack(id);
	memset(cpu, 0, sizeof(*cpu));
	cpu->id = id;
	list_init(&cpu->dead);
	list_init(&cpu->reap);
	cpu->hwid = arch_cpu_hwid();
	cpu->stack_top = (vaddr_t)&kernel_stacks[id].stack[CONFIG_STACK_SIZE];
	arch_set_this_cpu(cpu);
	cpu_arch_init_this(cpu);
}

void cpu_set_online(void)
{
	atomic_store(&this_cpu()->state, CPU_ONLINE, __ATOMIC_RELEASE);
	arch_send_event(); /* smp_boot() waits for us in WFE */
}

void cpu_halt(void)
{
	struct cpu *cpu = this_cpu();

	arch_irq_disable();
	atomic_store(&cpu->state, CPU_HALTED, __ATOMIC_RELEASE);
	kprintf("cella: cpu%u halted\n", cpu->id);
	cpu_arch_halt();
}
