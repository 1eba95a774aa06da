/* SPDX-License-Identifier: MIT */
/*
 * Virtual CPUs. A VCPU is a thread whose user context is a guest kernel:
 * it runs at the guest's privilege levels in its space (the guest's
 * physical memory), and what the guest does that the hardware does not
 * let it do alone becomes an exit. The kernel handles the hot exits
 * itself (waiting for an interrupt, inter-processor interrupts, its
 * timer, VFP); the others become fault messages to the thread's handler,
 * the VMM (uapi/cella/vcpu.h, docs/vmm.md).
 *
 * Virtual interrupts. Each VCPU keeps which of its VIRQ_COUNT interrupt
 * IDs are enabled and pending; the arch layer moves pending ones into the
 * interrupt controller's list registers while the VCPU is loaded on its
 * core. Only the VCPU's home core changes that state. Another core that
 * sends it a virtual inter-core interrupt (IPI) ORs it into the VCPU's mailbox in its space's VM
 * table (atomic), then the slot's bit into the home core's kick mask, and
 * rings IPI_VKICK if the mask was empty: the home takes the whole mask at
 * once. No lock, no allocation, no cross-core ring: nothing in flight
 * names the VM's memory, only a bit of the home core's own table.
 */
#pragma once

#include <compiler.h>
#include <types.h>
#include <xcall.h>

#include <uapi/cella/vcpu.h>

#include <arch/vcpu.h>

#define VIRQ_WORDS     (VIRQ_COUNT / 32)
/* Virtual IPIs by sender: a byte per IPI (bit v: from VCPU v), four to a word. */
#define VIRQ_IPI_WORDS (VIRQ_IPI_COUNT / 4)
STATIC_ASSERT(VCPU_MAX <= 8, "a virtual IPI's senders fit in a byte");
STATIC_ASSERT(VIRQ_WORDS <= 8, "struct vcpu's pending_any has a bit per word");

struct thread;
struct space;
struct vm_slot;

struct vcpu {
	struct arch_vcpu arch;
	struct thread *thread;		 /* the thread that carries it */
	uint8_t index;			 /* CPU interface number in its VM */
	uint32_t enabled[VIRQ_WORDS];	 /* may be delivered (virtual IPIs always are) */
	uint32_t pending[VIRQ_WORDS];	 /* raised, not yet in a list register (IDs >= 16) */
	uint32_t hw_pending[VIRQ_WORDS]; /* pending ones that fired: hardware-linked, active */
	uint32_t ipi[VIRQ_IPI_WORDS];	 /* pending virtual IPIs, laid out as a mailbox */
	uint8_t ipi_any;		 /* bit w: ipi[w] may be non-zero */
	uint8_t pending_any;		 /* bit w: pending[w] may be non-zero */
	/*
	 * Woken by its timer's sleeper, which comes a little ahead of the timer
	 * (vcpu_arch_wake_lead()): it waits for the timer loaded, the core idle
	 * (vcpu_waits_loaded()), so that the world switch is done by then.
	 */
	bool woken_early;
	/* Its mailbox, and its home core's kick mask and bit there (0: none). */
	struct vm_slot *slot;
	uint32_t *kicks;
	uint32_t kick_mask;
	uint32_t exit[VCPU_EXIT_WORDS - 4]; /* words 4-7 of the exit in flight */
	/* The handler's answer, applied on the home core before the guest runs again. */
	bool reply_ready;
	uint32_t reply_flags, reply_value;
	/*
	 * SYS_VCPU_STAT: the core's counters (KSTAT_VM_EXITS, KSTAT_VIRQS) only
	 * move for the VCPU loaded on it, so each VCPU's share is summed when it
	 * is unloaded, nothing added to the exit path. Home core.
	 */
	uint32_t stat[VCPU_STAT_COUNT];
	uint32_t stat_base[VCPU_STAT_COUNT]; /* the core's counters when it was loaded */
};

/*
 * A space's VM table: its VCPUs by index, and their mailboxes. Allocated
 * from the space's pool with its first VCPU and kept while the space
 * lives; only its VCPUs' threads, which keep the space, read it.
 */
struct vm_slot {
	struct thread *vcpu; /* written by its home core only */
	uint8_t home;	     /* the VCPU's core, CPU_NONE if the slot is free (atomic) */
	uint8_t kick_bit;    /* 1 + its bit in the home core's kick table; 0: none yet (atomic) */
	uint32_t ipi_in[VIRQ_IPI_WORDS]; /* IPI s from VCPU v: word s/4, bit (s%4)*8+v */
};

struct vm {
	struct vm_slot slot[VCPU_MAX];
};

/** vcpu_of() - @t's VCPU, or NULL for a native thread. */
struct vcpu *vcpu_of(const struct thread *t);

/** vcpu_destroy() - free @t's VCPU and its slot. Home core, when the thread goes. */
void vcpu_destroy(struct thread *t);

/**
 * vcpu_exit() - send the exit @kind to @t's handler: @addr, the syndrome
 * and words 4-7 as uapi/cella/vcpu.h lists them.
 */
void vcpu_exit(struct thread *t, uint32_t kind, uint32_t addr, uint32_t syndrome,
	       const uint32_t words[4]);

/**
 * vcpu_wfi() - the guest waits for an interrupt: block @t until one is
 * pending; or, if its timer comes within a wake lead (@timer_soon), keep
 * it loaded and let its core idle (vcpu_waits_loaded()).
 */
void vcpu_wfi(struct thread *t, bool timer_soon);

/**
 * vcpu_wake_early() - the sleeper of @t (waiting for an interrupt while
 * another thread had its core) came due, ahead of the guest's timer: @t
 * runs again, but waits loaded until it has an interrupt to take.
 */
void vcpu_wake_early(struct thread *t);

/**
 * vcpu_waits_loaded() - whether @t, a VCPU the scheduler just switched to,
 * was woken early and has no interrupt to take yet: the core then idles
 * with it loaded (sched_pick()) until it has one or must run another.
 */
bool vcpu_waits_loaded(struct thread *t);

/** vcpu_raise() - make @virq pending on @t (homed here); wake it if it waits. */
void vcpu_raise(struct thread *t, unsigned int virq);

/**
 * vcpu_raise_hw() - physical interrupt @irq (bound to @t, left active) fired:
 * pending as the same virtual ID, linked, so the guest's EOI deactivates it.
 */
void vcpu_raise_hw(struct thread *t, unsigned int irq);

/** vcpu_send_ipi() - the guest on @t sent virtual IPI @ipi to the VCPUs of @targets (bit = index). */
void vcpu_send_ipi(struct thread *t, unsigned int ipi, uint32_t targets);

/** vcpu_kicked() - IPI_VKICK: take the virtual IPIs of every slot whose bit is in this core's mask. */
void vcpu_kicked(unsigned int irq, cpuid_t src);

/**
 * vcpu_kicked_running() - IPI_VKICK interrupted @v, which runs here: take
 * every kicked slot's virtual IPIs. True if only @v's were (the usual
 * case), put in its list registers with nothing else changed; false if
 * other VCPUs may have woken: the scheduler decides.
 */
bool vcpu_kicked_running(struct vcpu *v);

/** vcpu_resolve() - the handler answered @t's exit with @reply (4 words). */
void vcpu_resolve(struct thread *t, const uint32_t *reply);

/** vcpu_enter() - @t (a VCPU) is about to run on this core: apply its handler's reply. */
void vcpu_enter(struct thread *t);

/** vcpu_deliverable() - whether @v has an enabled interrupt waiting for the guest. */
bool vcpu_deliverable(const struct vcpu *v);

/** vcpu_unbind_irq() - interrupt @irq no longer comes to @t: forget it pending. Home core. */
void vcpu_unbind_irq(struct thread *t, unsigned int irq);

/* System calls (docs/syscalls.md). */
int sys_vcpu_create(struct thread *self, const uint32_t *args);
int sys_vcpu_write(struct thread *self, const uint32_t *args);
int sys_vcpu_virq(struct thread *self, const uint32_t *args);
int sys_vcpu_stat(struct thread *self, const uint32_t *args);

/* Must be implemented by the architecture: */

/** vcpu_arch_init() - reset state of @t's VCPU, @index on core @core (SVC, interrupts masked). */
void vcpu_arch_init(struct thread *t, unsigned int index, unsigned int core);

/** vcpu_arch_start() - registers to enter the guest at @entry with @arg in r0, MMU off. */
void vcpu_arch_start(struct thread *t, uint32_t entry, uint32_t arg);

/** vcpu_arch_switch() - @next (native or VCPU) runs next on this core: switch what differs. */
void vcpu_arch_switch(struct thread *next);

/** vcpu_account_load() - @v is loaded on this core: its counters start from the core's. */
void vcpu_account_load(struct vcpu *v);

/** vcpu_account_unload() - @v leaves this core's registers: the core's counts since are its. */
void vcpu_account_unload(struct vcpu *v);

/** vcpu_arch_is_loaded() - whether @v's state is in this core's registers. */
bool vcpu_arch_is_loaded(const struct vcpu *v);

/** vcpu_arch_unload() - @v leaves this core's registers for good (it is destroyed). */
void vcpu_arch_unload(struct vcpu *v);

/** vcpu_arch_set_reg() - set guest register @reg (VCPU_REG_*); ERR_INVALID if no such. */
int vcpu_arch_set_reg(struct thread *t, unsigned int reg, uint32_t value);

/** vcpu_arch_advance() - move @t past the instruction its last exit trapped. */
void vcpu_arch_advance(struct thread *t);

/**
 * vcpu_arch_timer_soon() - whether the loaded guest's timer is armed
 * (enabled, not masked) and fires within the lead its sleepers are woken
 * by (arch/armv7/vcpu.c, WAKE_LEAD_NS), or has just fired.
 */
bool vcpu_arch_timer_soon(void);

/** vcpu_arch_flush() - move @v's deliverable pending interrupts into the list registers. */
void vcpu_arch_flush(struct vcpu *v);

/**
 * vcpu_arch_put_ipis() - virtual IPIs @ipis, word @w as a mailbox lays
 * them out, into the list registers of @v (loaded here); what did not fit.
 */
uint32_t vcpu_arch_put_ipis(struct vcpu *v, unsigned int w, uint32_t ipis);

/** vcpu_arch_lr_pending() - whether a list register holds a pending interrupt for @v. */
bool vcpu_arch_lr_pending(const struct vcpu *v);

/** vcpu_arch_trap() - an exit of @t (a VCPU) with @syndrome: dispatch it. */
void vcpu_arch_trap(struct thread *t, uint32_t syndrome);
