/* SPDX-License-Identifier: MIT */
/* ARMv7 part of a thread: ARM's (arm/thread.h), and what a switch changes. */
#pragma once

#include <arm/thread.h>

#include <arch/sysreg.h>

/*
 * Switching between two native threads: TPIDRURW is the one register a PL0
 * thread may write that the kernel does not otherwise switch, and the
 * exclusive monitor must not carry one thread's LDREX over to another's STREX.
 */
static inline void thread_arch_switch_native(struct arch_thread *prev, struct arch_thread *next)
{
	prev->ctx.tls = sysreg_read(tpidrurw);
	sysreg_write(tpidrurw, next->ctx.tls);
	__asm__ volatile("clrex" ::: "memory");
}
