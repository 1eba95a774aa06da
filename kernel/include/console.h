/* SPDX-License-Identifier: MIT */
/*
 * The kernel console: whole lines, from any core and from exception
 * context, never interleaved mid-line.
 *
 * Each kprintf() formats into a buffer on the caller's stack and writes it
 * under the console lock. A core may hold the lock across several lines
 * (console_lock()), for a register dump; the lock is recursive for its
 * owner, so a fault while printing still prints. Before the calling core's
 * MMU is on, output goes straight to the UART: only the boot core runs then.
 */
#pragma once

#include <compiler.h>
#include <types.h>

/** console_init() - set up the UART. Boot core, first thing. */
void console_init(void);

/** kprintf() - format and print; returns the number of bytes written. */
int kprintf(const char *fmt, ...) __printf(1, 2);

/** console_write() - write @n bytes atomically with respect to other cores. */
void console_write(const char *s, size_t n);

/** console_lock() - hold the console across several lines. Recursive. */
void console_lock(void);

/** console_unlock() - release one level of console_lock(). */
void console_unlock(void);

/**
 * console_read_byte() - take one received byte into *@c if there is one;
 * true if there was. Never waits. Input has one reader (the root task's
 * SYS_CONSOLE_READ); it touches only the receive side of the UART.
 */
bool console_read_byte(char *c);

/* Must be implemented by the architecture: */

/** console_arch_init() - initialise the UART. */
void console_arch_init(void);

/** console_arch_putc() - emit one byte, waiting for room in the UART. */
void console_arch_putc(char c);

/** console_arch_locking_ready() - true once this core may take locks (MMU on). */
bool console_arch_locking_ready(void);

/** console_arch_getc() - one received byte into *@c, true if there was one; never waits. */
bool console_arch_getc(char *c);
