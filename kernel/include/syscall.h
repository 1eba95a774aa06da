/* SPDX-License-Identifier: MIT */
/*
 * System-call dispatch: a table indexed by number (uapi/cella/syscall.h).
 * Every handler validates every argument and returns a value >= 0 or an
 * ERR_* code; nothing a caller passes can make the kernel fail.
 */
#pragma once

#include <types.h>
#include <uapi/cella/syscall.h>

#define SYSCALL_ARGS 7 /* r0-r6 */

struct thread;

/** syscall_handle() - run the system call @t just made and store its result. */
void syscall_handle(struct thread *t);

/** sys_debug_write() - (ptr, len) -> bytes written to the console. */
int sys_debug_write(struct thread *self, const uint32_t *args);

/* Must be implemented by the architecture: */

/** syscall_arch_decode() - the number and arguments of @t's system call. */
uint32_t syscall_arch_decode(const struct thread *t, uint32_t args[SYSCALL_ARGS]);

/** syscall_arch_result() - make @value @t's return value. */
void syscall_arch_result(struct thread *t, int value);
