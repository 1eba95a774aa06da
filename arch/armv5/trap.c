// SPDX-License-Identifier: MIT
/*
 * Exceptions. In the kernel (SVC) only IRQs are expected; anything else is
 * reported with the fault status and address and a register dump, and
 * halts the core. From user level: interrupts, system calls, and faults,
 * which become messages to the thread's handler as on ARMv7.
 */
#include <console.h>
#include <cpu.h>
#include <ipc.h>
#include <irq.h>
#include <sched.h>
#include <thread.h>
#include <uapi/cella/ipc.h>
#include <uapi/cella/layout.h>

#include <arch/cp15.h>
#include <arch/trap.h>

static const char *const vector_names[] = {
	[VEC_RESET / 4] = "reset or FIQ",
	[VEC_UNDEF / 4] = "undefined instruction",
	[VEC_SVC / 4] = "SVC",
	[VEC_PABT / 4] = "prefetch abort",
	[VEC_DABT / 4] = "data abort",
	[VEC_IRQ / 4] = "IRQ",
	[VEC_FIQ / 4] = "FIQ",
};

static void dump_registers(const struct trap_frame *f)
{
	for (int i = 0; i < 12; i += 4)
		kprintf("  r%-2d %08x  r%-2d %08x  r%-2d %08x  r%-2d %08x\n", i, f->r[i], i + 1,
			f->r[i + 1], i + 2, f->r[i + 2], i + 3, f->r[i + 3]);
	kprintf("  r12 %08x  sp  %08x  lr  %08x  pc  %08x\n", f->r[12], f->sp, f->lr, f->pc);
	kprintf("  psr %08x\n", f->psr);
}

static __noreturn void unexpected(const struct trap_frame *f, enum arm_vector v)
{
	arch_irq_disable();
	console_lock();
	kprintf("cella: unexpected SVC exception on cpu%u: %s (vector 0x%02x)\n", this_cpu()->id,
		vector_names[v / 4], v);
	kprintf("  DFSR 0x%08x  IFSR 0x%08x  FAR 0x%08x\n", cp15_read_dfsr(), cp15_read_ifsr(),
		cp15_read_far());
	dump_registers(f);
	console_unlock();
	cpu_halt();
}

/* vectors.S: an exception in SVC with SP in the guard below this core's stack. */
__noreturn void kernel_stack_overflow(uint32_t pc);

__noreturn void kernel_stack_overflow(uint32_t pc)
{
	console_lock();
	kprintf("cella: kernel stack overflow on cpu%u: FAR 0x%08x, pc 0x%08x\n", this_cpu()->id,
		cp15_read_far(), pc);
	console_unlock();
	cpu_halt();
}

void kernel_exception(struct trap_frame *frame, enum arm_vector vector)
{
	if (vector == VEC_IRQ) {
		irq_handle();
		return;
	}
	unexpected(frame, vector); /* the kernel's own fault: a bug */
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
