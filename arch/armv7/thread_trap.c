// SPDX-License-Identifier: MIT
/*
 * Exceptions from user level: interrupts and faults (system calls go from
 * the trap entry to syscall_entry(), or the IPC fast path). Traps
 * are dispatched by exception class through a table; a fault with nobody
 * to handle it stops the thread and is reported, never more.
 */
#include <board.h>
#include <console.h>
#include <cpu.h>
#include <ipc.h>
#include <irq.h>
#include <sched.h>
#include <syscall.h>
#include <thread.h>
#include <vcpu.h>
#include <uapi/cella/ipc.h>

#include <arch/sysreg.h>
#include <arch/trap.h>
#include <arch/vgic.h>

typedef void user_trap_fn(struct thread *t, uint32_t hsr);

struct trap_frame *user_exception(struct trap_frame *ctx, enum hyp_vector vector);

/* HSR.ISS.WnR: the data abort was a write. */
#define HSR_DABT_WRITE (1u << 6)

static void user_data_abort(struct thread *t, uint32_t hsr)
{
	ipc_fault(t, FAULT_DATA, sysreg_read(hdfar), hsr,
		  hsr & HSR_DABT_WRITE ? "write fault" : "read fault");
}

static void user_prefetch_abort(struct thread *t, uint32_t hsr)
{
	ipc_fault(t, FAULT_PREFETCH, sysreg_read(hifar), hsr, "instruction fetch fault");
}

static void user_other(struct thread *t, uint32_t hsr)
{
	ipc_fault(t, FAULT_UNDEFINED, t->arch.ctx.pc, hsr,
		  HSR_EC(hsr) == EC_UNKNOWN ? "undefined instruction" : "trapped instruction");
}

static user_trap_fn *const user_traps[EC_COUNT] = {
	[EC_DABT_LOWER] = user_data_abort,
	[EC_PABT_LOWER] = user_prefetch_abort,
};

/*
 * The cost of injecting an interrupt: HYP cycles (instructions, under QEMU's
 * icount) from here to the return to the VCPU it interrupted, for interrupt
 * exits that put a virtual interrupt in a list register and resume the same
 * VCPU. The assembly before and after (vectors.S) is not in it: `./cella
 * linux bench --in-cell` adds its fixed length, counted in the image.
 */
static struct trap_frame *measure_injection(struct cpu_stats *s, struct thread *t, uint32_t t0,
					    uint32_t virqs, struct trap_frame *resume)
{
	if (resume == &t->arch.ctx && s->virqs != virqs) {
		s->inject_cycles += cpu_arch_cycles() - t0;
		s->inject_exits++;
	}
	return resume;
}

/*
 * An interrupt that stopped a guest. Its own timer changes nothing but the
 * guest: resume it at once. So do virtual IPIs for it alone; those for
 * other VCPUs homed here may wake one: resume unless that one now
 * outranks it.
 */
static __always_inline struct trap_frame *vcpu_interrupt(struct cpu *cpu, struct thread *t)
{
	uint32_t t0 = cpu_arch_cycles(), virqs = cpu->stats.virqs;
	unsigned int irq;
	cpuid_t src;
	uint32_t token = irq_arch_ack(&irq, &src);
	struct trap_frame *resume = &t->arch.ctx;

	cpu->stats.vm_exits++;
	if (irq == IPI_VKICK || (irq == BOARD_IRQ_VIRT_TIMER && vgic_timer_inject(t->vcpu))) {
		/* Nothing changed but the guest's interrupts, unless other VCPUs were kicked. */
		bool alone = irq != IPI_VKICK || vcpu_kicked_running(t->vcpu);

		cpu->stats.irqs++;
		irq_arch_eoi(token);
		irq_arch_deactivate(token);
		if (!alone && !thread_keeps_core(&cpu->sched, t))
			resume = sched_exit();
	} else {
		irq_handle_acked(token, irq, src);
		resume = sched_exit();
	}
	return measure_injection(&cpu->stats, t, t0, virqs, resume);
}

struct trap_frame *user_exception(struct trap_frame *ctx, enum hyp_vector vector)
{
	struct cpu *cpu = this_cpu();
	struct thread *t = cpu->sched.current;

	/* Laid out straight (likely): `./cella linux bench --in-cell` counts it so. */
	if (likely(t->vcpu && vector == HYP_VEC_IRQ))
		return vcpu_interrupt(cpu, t);
	if (vector == HYP_VEC_IRQ) {
		irq_handle();
	} else if (vector == HYP_VEC_TRAP) {
		uint32_t hsr = sysreg_read(hsr);

		user_trap_fn *fn = user_traps[HSR_EC(hsr)];

		if (t->vcpu) {
			cpu->stats.vm_exits++;
			vcpu_arch_trap(t, hsr);
			if (vcpu_waits_loaded(t)) /* its WFI, its timer near: idle loaded */
				return sched_wait_loaded(&cpu->sched);
		} else if (HSR_EC(hsr) == EC_SVC) { /* Thumb or numbered: vec_trap takes `svc #0` */
			return syscall_entry(cpu);
		} else {
			(fn ? fn : user_other)(t, hsr);
		}
	} else { /* FIQ: nothing raises one */
		if (t->vcpu)
			cpu->stats.vm_exits++;
		ipc_fault(t, FAULT_UNDEFINED, vector, 0, "unexpected exception");
	}
	return sched_exit();
}

void thread_arch_save(struct thread *t)
{
	if (!t->vcpu) /* a guest's TPIDRURW is its VCPU's (vcpu.c) */
		t->arch.ctx.tls = sysreg_read(tpidrurw);
}

void thread_arch_switch(struct thread *next)
{
	vcpu_arch_switch(next);
	if (!next->vcpu)
		sysreg_write(tpidrurw, next->arch.ctx.tls);
	__asm__ volatile("clrex" ::: "memory");
}
