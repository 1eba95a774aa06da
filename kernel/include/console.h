/* SPDX-License-Identifier: MIT */
/*
 * The kernel console: whole lines, from any core and from exception
 * context, never interleaved mid-line, and no core ever waits for another
 * core's output.
 *
 * A line (a kprintf(), or one a thread wrote) is copied whole into one
 * shared ring, under a lock held only for that copy; a line that does not
 * fit is dropped and counted. The ring goes out to the UART by whichever
 * core holds the UART: taken with a try, never waited for, and held by one
 * core for at most as many bytes as it queued (the tick drains a few more). Only a core that holds the console on purpose
 * (console_lock(): the exception dump, a panic) waits for it and writes
 * synchronously. Before the calling core's MMU is on, output goes straight
 * to the UART: only the boot core runs then.
 */
#pragma once

#include <compiler.h>
#include <types.h>

#define CONSOLE_LINE_MAX 256 /* longest line, its mark included; a longer one is cut */
#define CONSOLE_TAG_MAX	 31  /* longest console tag of a space (SYS_CONSOLE_TAG) */

/*
 * How the console marks a space's lines (one field of struct space). The
 * tag is written by SYS_CONSOLE_TAG and read, unlocked, when a line of the
 * space starts: a line started during a change may show a torn tag, still
 * made only of the characters a tag may have. id is 0 until the space's
 * first line, then a number no other space gets (atomic).
 */
struct console_mark {
	char tag[CONSOLE_TAG_MAX + 1]; /* NUL-terminated; empty: "space ID| " */
	uint32_t id;
};

/** console_init() - set up the UART. Boot core, first thing. */
void console_init(void);

/** kprintf() - format and print one line; returns the number of bytes written. */
int kprintf(const char *fmt, ...) __printf(1, 2);

/**
 * console_write() - queue @n bytes (at most CONSOLE_LINE_MAX) as one piece
 * that no other core's output splits, and write out what the ring holds if
 * no other core is; false if the ring had no room (the bytes are dropped
 * and counted). Synchronous on a core that holds console_lock().
 */
bool console_write(const char *s, size_t n);

/** console_lock() - hold the console across several lines, waiting for it. Recursive. */
void console_lock(void);

/** console_unlock() - release one level of console_lock(). */
void console_unlock(void);

/**
 * console_wants_tick() - whether this core's tick has console work: its
 * partial line, or bytes its own spent budget left in the ring.
 */
bool console_wants_tick(void);

/** console_tick() - every tick: end this core's stale partial line, write out some of the ring. */
void console_tick(void);

/**
 * console_read_byte() - take one received byte into *@c if there is one;
 * true if there was. Never waits. Input has one reader (the root task's
 * SYS_CONSOLE_READ); it touches only the receive side of the UART.
 */
bool console_read_byte(char *c);

/** console_lines_tick() - console_sys.c: end this core's partial line if it waited a tick. */
void console_lines_tick(void);

/** console_lines_pending() - console_sys.c: this core holds a partial line. */
bool console_lines_pending(void);

/* Must be implemented by the architecture: */

/** console_arch_init() - initialise the UART. */
void console_arch_init(void);

/** console_arch_putc() - emit one byte, waiting for room in the UART. */
void console_arch_putc(char c);

/** console_arch_locking_ready() - true once this core may take locks (MMU on). */
bool console_arch_locking_ready(void);

/** console_arch_getc() - one received byte into *@c, true if there was one; never waits. */
bool console_arch_getc(char *c);
