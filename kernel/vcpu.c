// SPDX-License-Identifier: MIT
/*
 * Virtual CPUs: creation, exits as fault messages, waiting for interrupts,
 * virtual interrupts and the inter-core interrupts (IPIs) a guest's cores send each other, and the
 * VCPU system calls. What a guest's registers are and how they switch is
 * the arch layer's (vcpu.h lists its part).
 */
#include <atomic.h>
#include <cpu.h>
#include <err.h>
#include <handle.h>
#include <irq.h>
#include <ipc.h>
#include <kmem.h>
#include <sched.h>
#include <space.h>
#include <syscall.h>
#include <thread.h>
#include <vcpu.h>

#include <uapi/cella/ipc.h>

#define BIT(n)		  (1u << ((n) % 32))
#define KICK_BITS	  32 /* VCPUs one core may be home to */
#define WORD(n)		  ((n) / 32)
#define IPI_BIT(ipi, src) (1u << (((ipi) % 4) * 8 + (src)))

/*
 * Per core: the VM slots of the VCPUs homed there, each by a bit that
 * senders on other cores set in pending. A creator on any core claims a
 * bit (used, atomic) and fills its entry before it publishes the bit in
 * the slot; an entry is cleared when its VCPU goes (on its home core, or
 * on its creator's if it never got a handle), and the home alone takes
 * pending. A bit set for a slot that went finds its entry empty, or a new
 * VCPU's with an empty mailbox: nothing is delivered.
 */
static struct vm_kicks {
	uint32_t pending;		 /* slots with mail (atomic) */
	uint32_t used;			 /* entries given out (atomic) */
	struct vm_slot *slot[KICK_BITS]; /* by bit (atomic) */
} kicks[CONFIG_MAX_CPUS] __aligned(CACHE_LINE);

/* An entry of @core's kick table for @s: its bit, 0 if all are taken. */
static uint32_t kick_claim(struct vm_slot *s, cpuid_t core)
{
	struct vm_kicks *k = &kicks[core];
	uint32_t used = atomic_load(&k->used, __ATOMIC_RELAXED);
	unsigned int bit;

	do {
		if (used == UINT32_MAX)
			return 0;
		bit = (unsigned int)__builtin_ctz(~used);
	} while (!atomic_cmpxchg(&k->used, &used, used | 1u << bit, true, __ATOMIC_ACQ_REL,
				 __ATOMIC_RELAXED));
	atomic_store(&k->slot[bit], s, __ATOMIC_RELEASE);
	atomic_store(&s->kick_bit, (uint8_t)(bit + 1), __ATOMIC_RELEASE);
	return 1u << bit;
}

/*
 * @s's VCPU goes: its entry in its home core's table is free again. Usually
 * on that core; a VCPU whose handle could not be installed goes on the core
 * that made it, so the table is found by the slot's home, not by this core.
 */
static void kick_release(struct vm_slot *s)
{
	uint8_t home = atomic_load(&s->home, __ATOMIC_RELAXED);
	unsigned int bit = atomic_load(&s->kick_bit, __ATOMIC_RELAXED);
	struct vm_kicks *k;

	if (!bit-- || home >= CONFIG_MAX_CPUS)
		return;
	k = &kicks[home];
	atomic_store(&s->kick_bit, 0, __ATOMIC_RELAXED);
	atomic_store(&k->slot[bit], NULL, __ATOMIC_RELAXED);
	atomic_fetch_and(&k->used, ~(1u << bit), __ATOMIC_RELEASE);
}

struct vcpu *vcpu_of(const struct thread *t)
{
	return t->vcpu;
}

/* @s's VM table, made with its first VCPU; NULL if its pool is exhausted. */
static struct vm *vm_of(struct space *s)
{
	struct vm *vm = atomic_load(&s->vm, __ATOMIC_ACQUIRE), *none = NULL;

	if (vm)
		return vm;
	vm = kmem_alloc(&s->pool, sizeof(*vm));
	if (!vm)
		return NULL;
	for (int i = 0; i < VCPU_MAX; i++)
		vm->slot[i].home = CPU_NONE;
	/* Two cores may make a space's first VCPUs at once: one table wins. */
	if (atomic_cmpxchg(&s->vm, &none, vm, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return vm;
	kmem_free(&s->pool, vm, sizeof(*vm));
	return none;
}

/*
 * Claim slot @index of @vm for @t, homed on @core, with a bit of @core's
 * kick table; ERR_EXISTS if the slot is taken, ERR_NO_MEMORY if the bits are.
 * Only the winner writes the slot's VCPU; a kick that reaches the home
 * before it does finds none and drops its virtual IPIs (the VCPU never ran yet).
 */
static int slot_claim(struct vm *vm, unsigned int index, struct thread *t, cpuid_t core)
{
	struct vm_slot *s = &vm->slot[index];
	uint8_t none = CPU_NONE;

	if (!atomic_cmpxchg(&s->home, &none, (uint8_t)core, false, __ATOMIC_ACQ_REL,
			    __ATOMIC_RELAXED))
		return ERR_EXISTS;
	for (unsigned int w = 0; w < VIRQ_IPI_WORDS; w++) /* none of a former VCPU's */
		atomic_store(&s->ipi_in[w], 0, __ATOMIC_RELAXED);
	atomic_store(&s->vcpu, t, __ATOMIC_RELEASE);
	t->vcpu->slot = s;
	t->vcpu->kicks = &kicks[core].pending;
	t->vcpu->kick_mask = kick_claim(s, core);
	if (t->vcpu->kick_mask)
		return ERR_NONE;
	atomic_store(&s->vcpu, NULL, __ATOMIC_RELAXED);
	atomic_store(&s->home, CPU_NONE, __ATOMIC_RELEASE);
	return ERR_NO_MEMORY; /* the core is home to all the VCPUs it can kick */
}

void vcpu_destroy(struct thread *t)
{
	struct vcpu *v = t->vcpu;
	struct vm_slot *s = &t->space->vm->slot[v->index];

	vcpu_arch_unload(v);
	kick_release(s);
	atomic_store(&s->vcpu, NULL, __ATOMIC_RELAXED);
	atomic_store(&s->home, CPU_NONE, __ATOMIC_RELEASE);
	t->vcpu = NULL;
	kmem_free(t->obj.pool, v, sizeof(*v));
}

void vcpu_exit(struct thread *t, uint32_t kind, uint32_t addr, uint32_t syndrome,
	       const uint32_t words[4])
{
	for (int i = 0; i < 4; i++)
		t->vcpu->exit[i] = words[i];
	t->vcpu->reply_ready = false;
	ipc_fault(t, kind, addr, syndrome, "guest exit");
}

bool vcpu_deliverable(const struct vcpu *v)
{
	for (uint32_t any = v->ipi_any; any; any &= any - 1)
		if (v->ipi[__builtin_ctz(any)])
			return true;
	for (uint32_t any = v->pending_any; any; any &= any - 1) {
		unsigned int w = (unsigned int)__builtin_ctz(any);

		if (v->pending[w] & v->enabled[w])
			return true;
	}
	return false;
}

/* Something changed for @t: fill its list registers, wake it if it waits for this. */
static void notify(struct thread *t)
{
	struct vcpu *v = t->vcpu;

	vcpu_arch_flush(v);
	if (t->state == THREAD_BLOCKED_VIRQ && (vcpu_deliverable(v) || vcpu_arch_lr_pending(v))) {
		sched_cancel_timeout(t);
		sched_ready(t);
	}
}

void vcpu_wfi(struct thread *t, bool timer_soon)
{
	struct vcpu *v = t->vcpu;

	vcpu_arch_advance(t); /* the WFI completes when the wait ends */
	v->woken_early = false;
	if (vcpu_deliverable(v) || vcpu_arch_lr_pending(v))
		return;
	if (timer_soon) /* sooner than a switch to another thread and back */
		v->woken_early = true;
	else
		t->state = THREAD_BLOCKED_VIRQ;
}

void vcpu_wake_early(struct thread *t)
{
	t->vcpu->woken_early = true;
	sched_ready(t);
}

/*
 * The wait ends with an interrupt to take, or once the timer is no longer
 * armed and near: it fired (masked at its source) with nothing deliverable,
 * say its interrupt disabled. The guest then resumes after its WFI, which
 * a WFI may always do, and waits again (blocked) if it wants to.
 */
bool vcpu_waits_loaded(struct thread *t)
{
	struct vcpu *v = t->vcpu;

	if (likely(!v->woken_early))
		return false;
	if (vcpu_deliverable(v) || vcpu_arch_lr_pending(v) || !vcpu_arch_timer_soon())
		v->woken_early = false;
	return v->woken_early;
}

void vcpu_raise(struct thread *t, unsigned int virq)
{
	if (virq < VIRQ_IPI_COUNT || virq >= VIRQ_COUNT)
		return;
	t->vcpu->pending[WORD(virq)] |= BIT(virq);
	t->vcpu->pending_any |= (uint8_t)(1u << WORD(virq));
	notify(t);
}

void vcpu_raise_hw(struct thread *t, unsigned int irq)
{
	if (irq < VIRQ_IPI_COUNT || irq >= VIRQ_COUNT)
		return;
	t->vcpu->hw_pending[WORD(irq)] |= BIT(irq);
	vcpu_raise(t, irq);
}

/*
 * Empty @s's mailbox into @v's pending virtual IPIs (the layouts are the
 * same), or drop what it holds if @v is NULL. A look first: an empty word
 * (most are) costs no exclusive pair.
 */
/* Virtual IPIs @ipis (word @w, a mailbox's layout) pending on @v until a list register is free. */
static void pend_ipis(struct vcpu *v, unsigned int w, uint32_t ipis)
{
	v->ipi[w] |= ipis;
	v->ipi_any |= (uint8_t)(1u << w);
}

static void take_mail(struct vm_slot *s, struct vcpu *v)
{
	for (unsigned int w = 0; w < VIRQ_IPI_WORDS; w++) {
		uint32_t bits = atomic_load(&s->ipi_in[w], __ATOMIC_RELAXED);

		if (!bits)
			continue;
		bits = atomic_exchange(&s->ipi_in[w], 0, __ATOMIC_ACQUIRE);
		if (v && bits)
			pend_ipis(v, w, bits);
	}
}

/* Move the virtual IPIs in @s's mailbox into its VCPU (homed here), or drop them if none is. */
static void take_ipis(struct vm_slot *s)
{
	/* Only a VCPU homed here is read: its home alone destroys it. */
	bool here = atomic_load(&s->home, __ATOMIC_ACQUIRE) == this_cpu()->id;
	struct thread *t = here ? atomic_load(&s->vcpu, __ATOMIC_ACQUIRE) : NULL;

	take_mail(s, t ? t->vcpu : NULL);
	if (t)
		notify(t);
}

/*
 * Tell @home that @s has mail. Our OR into the mailbox is ordered before
 * the bit (release); the home takes the mask (acquire) before it empties
 * the mailboxes, so a bit set after that finds the mask empty and rings
 * again. The doorbell comes after a barrier (irq_send_ipi()).
 */
static void kick(struct vm_slot *s, cpuid_t home)
{
	unsigned int bit = atomic_load(&s->kick_bit, __ATOMIC_ACQUIRE);

	if (bit && !atomic_fetch_or(&kicks[home].pending, 1u << (bit - 1), __ATOMIC_ACQ_REL))
		irq_send_ipi(home, IPI_VKICK);
}

void vcpu_send_ipi(struct thread *t, unsigned int ipi, uint32_t targets)
{
	struct vm *vm = t->space->vm;
	unsigned int src = t->vcpu->index;
	cpuid_t me = this_cpu()->id;

	for (; targets; targets &= targets - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(targets);
		struct vm_slot *s = &vm->slot[i];
		uint8_t home = i < VCPU_MAX ? atomic_load(&s->home, __ATOMIC_ACQUIRE) : CPU_NONE;

		if (home == CPU_NONE)
			continue;
		atomic_fetch_or(&s->ipi_in[ipi / 4], IPI_BIT(ipi, src), __ATOMIC_RELAXED);
		if (home == me)
			take_ipis(s);
		else
			kick(s, home);
	}
}

/* The slots of @bits in @k (this core's kick table): take their mail. */
static void take_kicks(struct vm_kicks *k, uint32_t bits)
{
	for (; bits; bits &= bits - 1) {
		struct vm_slot *s = atomic_load(&k->slot[__builtin_ctz(bits)], __ATOMIC_ACQUIRE);

		if (s)
			take_ipis(s);
	}
}

void vcpu_kicked(unsigned int irq, cpuid_t src)
{
	struct vm_kicks *k = &kicks[this_cpu()->id];

	take_kicks(k, atomic_exchange(&k->pending, 0, __ATOMIC_ACQ_REL));
}

/*
 * @v runs here: its mail goes straight into its list registers, what does
 * not fit pending. Unrolled: a loop over the four words would cost about
 * as much again as their loads and tests.
 */
static void take_own_mail(struct vcpu *v)
{
	uint32_t *in = v->slot->ipi_in;

#pragma GCC unroll 4
	for (unsigned int w = 0; w < VIRQ_IPI_WORDS; w++) {
		uint32_t left;

		if (!atomic_load(&in[w], __ATOMIC_RELAXED))
			continue;
		left = vcpu_arch_put_ipis(v, w, atomic_exchange(&in[w], 0, __ATOMIC_ACQUIRE));
		if (left) {
			pend_ipis(v, w, left);
			vcpu_arch_flush(v); /* asks for a refill */
		}
	}
}

/*
 * @v runs, so it is loaded and homed here, and its kick bit and slot are
 * its own: no lookup through the table, nobody to wake for its mail.
 */
__noinline bool vcpu_kicked_running(struct vcpu *v)
{
	uint32_t bits = atomic_exchange(v->kicks, 0, __ATOMIC_ACQ_REL);

	if (bits & v->kick_mask)
		take_own_mail(v);
	bits &= ~v->kick_mask;
	if (likely(!bits))
		return true;
	take_kicks(&kicks[this_cpu()->id], bits);
	return false;
}

void vcpu_resolve(struct thread *t, const uint32_t *reply)
{
	const struct vcpu_reply *r = (const struct vcpu_reply *)reply;
	struct vcpu *v = t->vcpu;

	/* A new pc replaces the trapped instruction: nothing to skip then. */
	v->reply_flags = r->pc ? r->flags & ~VCPU_REPLY_ADVANCE : r->flags;
	v->reply_value = r->value;
	v->reply_ready = true;
}

void vcpu_enter(struct thread *t)
{
	struct vcpu *v = t->vcpu;

	if (v->reply_ready) {
		v->reply_ready = false;
		if (v->reply_flags & VCPU_REPLY_SET)
			vcpu_arch_set_reg(t, (v->reply_flags >> VCPU_REPLY_REG_SHIFT) & 0xff,
					  v->reply_value);
		if (v->reply_flags & VCPU_REPLY_ADVANCE)
			vcpu_arch_advance(t);
	}
}

void vcpu_unbind_irq(struct thread *t, unsigned int irq)
{
	struct vcpu *v = t->vcpu;

	v->hw_pending[WORD(irq)] &= ~BIT(irq);
	v->pending[WORD(irq)] &= ~BIT(irq);
}

/* A thread carrying VCPU @index of @guest's VM, made from @self's pool; its handle. */
static int make_vcpu(struct thread *self, struct space *guest, uint32_t core, uint32_t prio,
		     uint32_t max_prio, uint32_t index)
{
	struct space *own = self->space;
	struct vm *vm = vm_of(guest);
	struct thread *t;
	struct vcpu *v;
	int h;

	if (!vm)
		return ERR_NO_MEMORY;
	if (atomic_load(&vm->slot[index].home, __ATOMIC_ACQUIRE) != CPU_NONE)
		return ERR_EXISTS;
	v = kmem_alloc(&own->pool, sizeof(*v));
	t = v ? thread_create(&own->pool, guest, core, (uint8_t)prio, (uint8_t)max_prio) : NULL;
	if (!t) {
		if (v)
			kmem_free(&own->pool, v, sizeof(*v));
		return ERR_NO_MEMORY;
	}
	v->index = (uint8_t)index;
	v->thread = t;
	t->vcpu = v;
	vcpu_arch_init(t, index, core);
	h = slot_claim(vm, index, t, core);
	if (h) { /* another core took the index meanwhile, or its core has no kick left */
		t->vcpu = NULL;
		kmem_free(&own->pool, v, sizeof(*v));
		kobj_destroy(&t->obj);
		return h;
	}
	h = handle_install(&own->handles, &t->obj, RIGHTS_ALL, 0);
	if (h < 0)
		kobj_destroy(&t->obj); /* frees the VCPU and its slot with it */
	return h;
}

/* (space, core, prio, max_prio, index) -> a thread carrying VCPU @index of the space's VM. */
int sys_vcpu_create(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	struct space *guest;
	int h;

	if (args[4] >= VCPU_MAX)
		return ERR_INVALID;
	h = thread_create_args(self, args, &slot);
	if (h)
		return h;
	guest = (struct space *)slot.obj;
	h = make_vcpu(self, guest, args[1], args[2], args[3], args[4]);
	kobj_put(&guest->obj);
	return h;
}

/* A VCPU of @self's space that is not running guest code now. */
static int stopped_vcpu(struct thread *self, uint32_t h, struct thread **t)
{
	int err = thread_managed(self, h, t);

	if (err)
		return err;
	if (!(*t)->vcpu)
		return ERR_WRONG_TYPE;
	return ERR_NONE;
}

/* (vcpu, reg, value) -> 0; the VCPU must not be able to run: never started, stopped,
 * suspended, or waiting for its handler's answer. */
int sys_vcpu_write(struct thread *self, const uint32_t *args)
{
	struct thread *t;
	int err = stopped_vcpu(self, args[0], &t);

	if (err)
		return err;
	if (!(t->state == THREAD_INACTIVE || t->state == THREAD_STOPPED || t->suspended ||
	      t->faulted))
		return ERR_STATE;
	return vcpu_arch_set_reg(t, args[1], args[2]);
}

/* (vcpu, virq, op) -> 0: enable, disable or raise one of its virtual interrupts. */
int sys_vcpu_virq(struct thread *self, const uint32_t *args)
{
	struct thread *t;
	uint32_t virq = args[1];
	int err = stopped_vcpu(self, args[0], &t);
	struct vcpu *v;

	if (err)
		return err;
	v = t->vcpu;
	if (virq >= VIRQ_COUNT)
		return ERR_INVALID;
	switch (args[2]) {
	case VIRQ_ENABLE:
		v->enabled[WORD(virq)] |= BIT(virq);
		notify(t);
		return ERR_NONE;
	case VIRQ_DISABLE:
		if (virq >= VIRQ_IPI_COUNT) /* virtual IPIs are always enabled */
			v->enabled[WORD(virq)] &= ~BIT(virq);
		return ERR_NONE;
	case VIRQ_RAISE:
		if (virq < VIRQ_IPI_COUNT)
			return ERR_INVALID; /* only the guest sends them (vcpu_send_ipi()) */
		vcpu_raise(t, virq);
		return ERR_NONE;
	default:
		return ERR_INVALID;
	}
}

/* The core counter behind VCPU_STAT_@k. */
static uint32_t core_stat(unsigned int k)
{
	const struct cpu_stats *s = &this_cpu()->stats;

	return k == VCPU_STAT_EXITS ? s->vm_exits : s->virqs;
}

void vcpu_account_load(struct vcpu *v)
{
	for (unsigned int k = 0; k < VCPU_STAT_COUNT; k++)
		v->stat_base[k] = core_stat(k);
}

void vcpu_account_unload(struct vcpu *v)
{
	for (unsigned int k = 0; k < VCPU_STAT_COUNT; k++)
		v->stat[k] += core_stat(k) - v->stat_base[k];
}

/* (vcpu, counter) -> the counter's low 31 bits; on the VCPU's home core. */
int sys_vcpu_stat(struct thread *self, const uint32_t *args)
{
	struct thread *t;
	int err = stopped_vcpu(self, args[0], &t);
	uint32_t k = args[1], value;

	if (err)
		return err;
	if (k >= VCPU_STAT_COUNT)
		return ERR_INVALID;
	value = t->vcpu->stat[k];
	if (vcpu_arch_is_loaded(t->vcpu))
		value += core_stat(k) - t->vcpu->stat_base[k];
	return (int)(value & 0x7fffffff);
}
