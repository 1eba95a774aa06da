// SPDX-License-Identifier: MIT
/* Interrupt objects: claim, bind to a notification, fire, acknowledge. */
#include <atomic.h>
#include <cpu.h>
#include <err.h>
#include <handle.h>
#include <irq.h>
#include <irq_object.h>
#include <notify.h>
#include <space.h>
#include <syscall.h>
#include <thread.h>
#include <vcpu.h>

/*
 * The claim table: owners[irq] is the object that claimed it. A claim is a
 * compare-and-swap from NULL, so two cores can never both own an interrupt;
 * an entry is cleared only by the owner's destructor. The interrupt itself
 * is routed to the owner's core, the only core that reads its entry.
 */
static struct irq_object *owners[IRQ_MAX];

static void fire(unsigned int irq, cpuid_t src)
{
	struct irq_object *o = atomic_load(&owners[irq], __ATOMIC_ACQUIRE);

	if (o && o->vcpu) { /* active until the guest's EOI deactivates it */
		irq_leave_active();
		vcpu_raise_hw(o->vcpu, irq);
		return;
	}
	irq_arch_disable(irq); /* until the driver acknowledges */
	if (o && o->notify)
		notify_signal(o->notify, o->bits);
}

/* Drop whatever @o is bound to. */
static void unbind(struct irq_object *o)
{
	if (o->notify)
		kobj_put(&o->notify->obj);
	o->notify = NULL;
	if (o->vcpu) {
		vcpu_unbind_irq(o->vcpu, o->irq);
		irq_arch_clear_active(o->irq); /* its guest may have left it active */
		kobj_put(&o->vcpu->obj);
	}
	o->vcpu = NULL;
}

void irq_object_init(void)
{
	for (unsigned int irq = IRQ_DEVICE_FIRST; irq < irq_arch_lines(); irq++)
		irq_register(irq, fire);
}

bool irq_object_destroy(struct kobj *obj)
{
	struct irq_object *o = (struct irq_object *)obj;

	irq_arch_disable(o->irq);
	unbind(o);
	atomic_store(&owners[o->irq], NULL, __ATOMIC_RELEASE);
	return true;
}

/* (interrupt control, irq) -> an interrupt object for that shared interrupt. */
int sys_irq_create(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	struct irq_object *o, *none = NULL;
	uint32_t irq = args[1];
	int err = handle_lookup(&self->space->handles, args[0], KOBJ_IRQ_CONTROL, RIGHT_MANAGE,
				&slot);
	int h;

	if (err)
		return err;
	if (irq < IRQ_DEVICE_FIRST || irq >= irq_arch_lines())
		return ERR_INVALID;
	o = kobj_alloc(&self->space->pool, KOBJ_IRQ, sizeof(*o));
	if (!o)
		return ERR_NO_MEMORY;
	o->irq = irq;
	if (!atomic_cmpxchg(&owners[irq], &none, o, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
		kobj_free(&o->obj); /* never in use: nothing to undo */
		return ERR_BUSY;
	}
	h = handle_install(&self->space->handles, &o->obj, RIGHTS_ALL, 0);
	if (h < 0)
		kobj_destroy(&o->obj);
	return h;
}

/*
 * Binding an interrupt takes RIGHT_MANAGE; acknowledging it only RIGHT_SEND,
 * so a driver can be given the one without the other: a bound notification
 * is kept by the interrupt, and a cell that could bind its device's
 * interrupt to a notification of its own pool would keep that pool, and
 * so its space's end, for as long as the interrupt lives.
 */
static int lookup(struct thread *self, uint32_t h, unsigned int rights, struct irq_object **o)
{
	struct handle_slot slot;
	int err = handle_lookup(&self->space->handles, h, KOBJ_IRQ, rights, &slot);

	if (err)
		return err;
	*o = (struct irq_object *)slot.obj;
	return syscall_here(self, &slot.obj->home); /* its home core takes the interrupt */
}

/* (interrupt, notification, bits) -> 0: deliver to this core as those bits. */
int sys_irq_set_notify(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	struct irq_object *o;
	int err = lookup(self, args[0], RIGHT_MANAGE, &o);

	if (err)
		return err;
	if (!args[2])
		return ERR_INVALID;
	err = handle_get(&self->space->handles, args[1], KOBJ_NOTIFY, RIGHT_SEND, &slot);
	if (err)
		return err;
	if (slot.obj->home != this_cpu()->id) { /* the interrupt signals it from here */
		kobj_put(slot.obj);
		return ERR_INVALID;
	}
	unbind(o);
	o->notify = (struct notify *)slot.obj;
	o->bits = args[2];
	irq_arch_set_target(o->irq, this_cpu()->id);
	irq_arch_enable(o->irq);
	return ERR_NONE;
}

/* (interrupt) -> 0: the device is quiet again; let the interrupt through. */
int sys_irq_ack(struct thread *self, const uint32_t *args)
{
	struct irq_object *o;
	int err = lookup(self, args[0], RIGHT_SEND, &o);

	if (err)
		return err;
	if (!o->notify)
		return ERR_STATE;
	irq_arch_enable(o->irq);
	return ERR_NONE;
}

/* (interrupt, vcpu or 0) -> 0: inject into the VCPU, homed on this core, as the same ID. */
int sys_irq_set_vcpu(struct thread *self, const uint32_t *args)
{
	struct handle_slot slot;
	struct irq_object *o;
	struct thread *t;
	int err = lookup(self, args[0], RIGHT_MANAGE, &o);

	if (err)
		return err;
	if (!args[1]) { /* let go of the VCPU: off until bound again */
		irq_arch_disable(o->irq);
		unbind(o);
		return ERR_NONE;
	}
	err = handle_get(&self->space->handles, args[1], KOBJ_THREAD, RIGHT_MANAGE, &slot);
	if (err)
		return err;
	t = (struct thread *)slot.obj;
	/* The VCPU's state is its home's alone: the interrupt is taken there. */
	if (slot.obj->home != this_cpu()->id || !t->vcpu || o->irq >= VIRQ_COUNT) {
		kobj_put(slot.obj);
		return ERR_INVALID;
	}
	unbind(o); /* first: binding it again to the same VCPU must keep the link */
	o->vcpu = t;
	irq_arch_set_target(o->irq, this_cpu()->id);
	irq_arch_enable(o->irq);
	return ERR_NONE;
}
