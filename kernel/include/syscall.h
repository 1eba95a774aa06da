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

/** syscall_arch_decode() - the number of @t's system call; @args points at its arguments. */
uint32_t syscall_arch_decode(struct thread *t, const uint32_t **args);

/** syscall_arch_result() - make @value @t's return value. */
void syscall_arch_result(struct thread *t, int value);
