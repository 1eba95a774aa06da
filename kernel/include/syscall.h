/* SPDX-License-Identifier: MIT */
/*
 * System-call dispatch: a table indexed by number (uapi/cella/syscall.h).
 * Every handler validates every argument and returns a value >= 0 or an
 * ERR_* code; nothing a caller passes can make the kernel fail.
 */
#pragma once

#include <compiler.h>
#include <cpu.h>
#include <err.h>
#include <types.h>
#include <uapi/cella/syscall.h>

#define SYSCALL_ARGS 7 /* r0-r6 */

struct thread;
struct trap_frame;

/**
 * syscall_entry() - run the system call the thread running on @cpu (this
 * core) just made, store its result, and return the registers to resume
 * (sched_exit()). The trap entry calls it for every system call the IPC
 * fast path does not take.
 */
struct trap_frame *syscall_entry(struct cpu *cpu);

/** syscall_forward() - the slow half of syscall_here(): the object is on core @core. */
int syscall_forward(struct thread *t, cpuid_t core);

/**
 * syscall_forward_call() - @t's SYS_CALL, a short message (in registers, no
 * handle) to an endpoint homed on core @core, goes there to be delivered.
 * Returns SYSCALL_BLOCKED, or ERR_BAD_HANDLE as syscall_forward().
 */
int syscall_forward_call(struct thread *t, cpuid_t core);

/**
 * syscall_here() - ERR_NONE if the object whose home core is *@home lives
 * on this core. Otherwise @t's system call is forwarded to that core, to
 * run there again (the handler finds the object local then), and this
 * returns SYSCALL_BLOCKED for the handler to return; ERR_BAD_HANDLE if the
 * home read names no online core (the object went away meanwhile).
 */
static inline int syscall_here(struct thread *t, const uint8_t *home)
{
	cpuid_t core = READ_ONCE(*home);

	return likely(core == this_cpu()->id) ? ERR_NONE : syscall_forward(t, core);
}

/*
 * The console's calls (kernel/console_sys.c).
 */

/**
 * sys_debug_write() - (ptr, len) -> @len: the bytes to the console, the
 * root task's as they are, anyone else's defanged, in whole lines each
 * marked with the space's tag. ERR_INVALID if @len is over 256, ERR_FAULT
 * if the bytes are not readable.
 */
int sys_debug_write(struct thread *self, const uint32_t *args);

/**
 * sys_console_read() - (ptr, len) -> bytes the console received, 0 if none;
 * never waits. ERR_NO_RIGHTS outside the root task's space, ERR_INVALID if
 * @len is over 64, ERR_FAULT if the buffer is not writable.
 */
int sys_console_read(struct thread *self, const uint32_t *args);

/**
 * sys_console_tag() - (space, ptr, len) -> 0: mark the space's console
 * lines with the @len characters at @ptr (letters, digits, '-', '_', '.';
 * at most CONSOLE_TAG_MAX; 0 for the generic mark). Handle errors (space:
 * MANAGE); ERR_INVALID for the root task's space, a long tag or another
 * character; ERR_FAULT if the tag is not readable.
 */
int sys_console_tag(struct thread *self, const uint32_t *args);

/* Must be implemented by the architecture: */

/** syscall_arch_decode() - the number of @t's system call; @args points at its arguments. */
uint32_t syscall_arch_decode(struct thread *t, const uint32_t **args);

/** syscall_arch_result() - make @value @t's return value. */
void syscall_arch_result(struct thread *t, int value);
