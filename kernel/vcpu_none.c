// SPDX-License-Identifier: MIT
/*
 * VCPUs on an architecture without virtualization extensions (target.py:
 * VCPUS = False; SCons links this file instead of vcpu.c). The VCPU system
 * calls are refused, so no thread ever carries a VCPU: the portable code
 * calls the rest only for a thread whose vcpu is set, which cannot happen.
 */
#include <err.h>
#include <panic.h>
#include <thread.h>
#include <vcpu.h>

static __noreturn void no_vcpus(const char *what)
{
	panic("%s: a VCPU on an architecture without them", what);
}

int sys_vcpu_create(struct thread *self, const uint32_t *args)
{
	return ERR_NO_SYSCALL;
}

int sys_vcpu_write(struct thread *self, const uint32_t *args)
{
	return ERR_NO_SYSCALL;
}

int sys_vcpu_virq(struct thread *self, const uint32_t *args)
{
	return ERR_NO_SYSCALL;
}

int sys_vcpu_stat(struct thread *self, const uint32_t *args)
{
	return ERR_NO_SYSCALL;
}

void vcpu_destroy(struct thread *t)
{
	no_vcpus(__func__);
}

void vcpu_raise(struct thread *t, unsigned int virq)
{
	no_vcpus(__func__);
}

void vcpu_raise_hw(struct thread *t, unsigned int irq)
{
	no_vcpus(__func__);
}

void vcpu_unbind_irq(struct thread *t, unsigned int irq)
{
	no_vcpus(__func__);
}

void vcpu_resolve(struct thread *t, const uint32_t *reply)
{
	no_vcpus(__func__);
}

void vcpu_enter(struct thread *t)
{
	no_vcpus(__func__);
}

void vcpu_wake_early(struct thread *t)
{
	no_vcpus(__func__);
}

bool vcpu_waits_loaded(struct thread *t)
{
	no_vcpus(__func__);
}

void vcpu_arch_start(struct thread *t, uint32_t entry, uint32_t arg)
{
	no_vcpus(__func__);
}
