// SPDX-License-Identifier: MIT
/*
 * Exceptions other than IRQ: the report on the console (what, where, the
 * fault status and address registers, every register), then the verdict:
 * a task that faulted is stopped and the others run on; after a fault in
 * the kernel (interrupts masked, in a handler, or before the start) the
 * RTOS asks its platform for a reset through PSCI, or halts without it.
 */
#include <rtos/arch.h>
#include <rtos/sched.h>

#include <arch/cpu.h>
#include <arch/frame.h>
#include <arch/layout.h>
#include <arch/psci.h>
#include <board/pvpanic.h>
#include <lib/print.h>

void *arch_exception(unsigned kind, struct frame *f);

static const char *const names[] = {
	[EXC_UNDEF] = "undefined instruction",
	[EXC_SVC] = "supervisor call",
	[EXC_PABT] = "prefetch abort",
	[EXC_DABT] = "data abort",
	[EXC_FIQ] = "FIQ",
};

static void report_status(unsigned kind)
{
	if (kind == EXC_DABT)
		print("  DFSR %08x  DFAR %08x\n", (unsigned)dfsr_read(), (unsigned)dfar_read());
	else if (kind == EXC_PABT)
		print("  IFSR %08x  IFAR %08x\n", (unsigned)ifsr_read(), (unsigned)ifar_read());
}

static void report_registers(const struct frame *f)
{
	for (int i = 0; i < 13; i++)
		print("  r%-2d %08x%s", i, (unsigned)f->r[i], i % 4 == 3 ? "\n" : "");
	print("  sp  %08x\n", (unsigned)(uintptr_t)(f + 1));
	print("  lr  %08x  pc  %08x  cpsr %08x\n", (unsigned)f->lr, (unsigned)f->pc,
	      (unsigned)f->cpsr);
}

static bool in_kernel(const struct frame *f)
{
	return !sched_current() || sched_in_isr() || f->cpsr & PSR_I ||
	       (f->cpsr & MODE_MASK) != MODE_SVC || sched_current()->prio == RTOS_PRIO_IDLE;
}

/*
 * The kernel's state is not to be trusted: tell the platform (pvpanic: a
 * counted fault, its own policy), else start afresh if it can, else stop.
 */
static void __attribute__((noreturn)) halt(void)
{
	print("rtos: fault in the kernel\n");
	if (pvpanic_present()) {
		print("rtos: reporting the panic through pvpanic\n");
		pvpanic_report(); /* Cella stops the VCPU here */
	}
	if (psci_present()) {
		print("rtos: resetting through PSCI\n");
		print("rtos: PSCI refused the reset (error %d): halted\n", psci_system_reset());
	} else {
		print("rtos: no PSCI to reset through: halted\n");
	}
	for (;;)
		arch_idle();
}

/** arch_exception() - from vectors.S: report, then stop the task or reset; the frame to resume. */
void *arch_exception(unsigned kind, struct frame *f)
{
	bool kernel = in_kernel(f);
	struct task *t = sched_current();

	sched_isr_enter();
	print("rtos: exception: %s in %s at pc %08x\n", names[kind],
	      kernel ? "the kernel" : t->name, (unsigned)f->pc);
	report_status(kind);
	report_registers(f);
	if (kernel)
		halt();
	task_kill(t);
	print("rtos: task %s stopped\n", t->name);
	return sched_isr_exit(f);
}
