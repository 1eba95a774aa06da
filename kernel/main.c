// SPDX-License-Identifier: MIT
/* The boot core's path from the first C instruction to the idle loop. */
#include <boot.h>
#include <console.h>
#include <cpu.h>
#include <fastpath.h>
#include <irq.h>
#include <irq_object.h>
#include <ram.h>
#include <root.h>
#include <sched.h>
#include <selftest.h>
#include <smp.h>
#include <timer.h>
#include <xcall.h>

#include <shared/bootargs.h>

#define CELLA_VERSION "0.1"

static void report_memory(void)
{
	const struct ram_info *m = ram_info();

	kprintf("cella: RAM %llu MiB at 0x%08llx%s\n", (unsigned long long)(m->ram_size >> 20),
		(unsigned long long)m->ram_base, m->ram_size_given ? "" : " (default size)");
	kprintf("cella: kernel image 0x%08lx-0x%08lx (%lu KiB)\n", (unsigned long)m->image_start,
		(unsigned long)m->image_end,
		(unsigned long)((m->image_end - m->image_start) >> 10));
}

/**
 * kernel_main() - C entry of the boot core: HYP mode, MMU off, BSS clear,
 * on its kernel stack. Never returns.
 */
__noreturn void kernel_main(void);
void kernel_main(void)
{
	console_init();
	kprintf("\ncella %s: booting on %s, boot core MPIDR 0x%06x\n", CELLA_VERSION,
		arch_board_name(), arch_cpu_hwid());
	bootargs_parse(arch_bootargs(), arch_bootargs_size());
	ram_init();
	report_memory();
	cpu_init_this(0);
	sched_init_cpu();
	xcall_init();
	xcall_init_cpu();
	irq_init();
	timer_init();
	irq_object_init();
	selftest_setup();
	irq_init_cpu();
	timer_init_cpu();
	smp_join();
	smp_boot();
	arch_irq_enable();
	selftest_run();
	arch_irq_disable();
	fastpath_init();
	root_start();
	sched_start();
	sched_arch_enter_user(sched_exit());
}
