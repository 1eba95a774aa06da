// SPDX-License-Identifier: MIT
/*
 * Exceptions. In the kernel (SVC) only IRQs are expected; anything else is
 * reported with the fault status and address and a register dump
 * (arm/kernel_fault.h), and halts the core. From user level: interrupts,
 * system calls, and faults, which become messages to the thread's handler
 * as on ARMv7.
 */
#include <console.h>
#include <ipc.h>
#include <irq.h>
#include <sched.h>
#include <thread.h>
#include <uapi/cella/ipc.h>
#include <uapi/cella/layout.h>

#include <arch/cp15.h>
#include <arch/trap.h>
#include <arm/kernel_fault.h>

static const char *const vector_names[] = {
	[VEC_RESET / 4] = "reset or FIQ",
	[VEC_UNDEF / 4] = "undefined instruction",
	[VEC_SVC / 4] = "SVC",
	[VEC_PABT / 4] = "prefetch abort",
	[VEC_DABT / 4] = "data abort",
	[VEC_IRQ / 4] = "IRQ",
	[VEC_FIQ / 4] = "FIQ",
};

void kernel_fault_arch_status(void)
{
	kprintf("  DFSR 0x%08x  IFSR 0x%08x  FAR 0x%08x\n", cp15_read_dfsr(), cp15_read_ifsr(),
		cp15_read_far());
}

uint32_t kernel_fault_arch_far(void)
{
	return cp15_read_far();
}

void kernel_exception(struct trap_frame *frame, enum arm_vector vector)
{
	if (vector == VEC_IRQ) {
		irq_handle();
		return;
	}
	kernel_fault(frame, vector_names[vector / 4], vector); /* the kernel's own fault: a bug */
}

/* The ARM926's fault status has no read/write bit: the message says which address. */
static void user_fault(struct thread *t, enum arm_vector vector)
{
	uint32_t pc = t->arch.ctx.pc;

	if (vector == VEC_DABT)
		ipc_fault(t, FAULT_DATA, cp15_read_far(), cp15_read_dfsr(), "data fault");
	else if (vector == VEC_PABT)
		ipc_fault(t, FAULT_PREFETCH, pc, cp15_read_ifsr(), "instruction fetch fault");
	else
		ipc_fault(t, FAULT_UNDEFINED, pc, vector, "undefined instruction");
}

/* user_helpers.S: the compare-and-swap, its store. */
extern const char user_cmpxchg[], user_cmpxchg_commit[];

/*
 * An exception between the helper's load and its store (the store not yet
 * done: the resume address is past the load, at most the store's) restarts
 * it: whatever runs meanwhile may change the word.
 */
static void restart_cmpxchg(struct trap_frame *ctx)
{
	if (ctx->pc - USER_CMPXCHG_ADDR - 1 < (uint32_t)(user_cmpxchg_commit - user_cmpxchg))
		ctx->pc = USER_CMPXCHG_ADDR;
}

/* Every exception from USR but a system call (vectors.S sends those to syscall_entry()). */
struct trap_frame *user_exception(struct trap_frame *ctx, enum arm_vector vector)
{
	struct thread *t = thread_current();

	restart_cmpxchg(ctx);
	if (vector == VEC_IRQ)
		irq_handle();
	else
		user_fault(t, vector);
	return sched_exit();
}

/* Everything of a thread is in its frame: the ARM926 has no thread ID register. */
void thread_arch_save(struct thread *t)
{
}

void thread_arch_switch(struct thread *next)
{
}
