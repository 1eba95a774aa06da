/* SPDX-License-Identifier: MIT */
/*
 * Where things are in a native thread's address space on ARMv5. Every
 * space's first-level table also holds the kernel's entries: RAM from 0
 * (identity-mapped, up to 256 MiB), the devices at 0x10000000 and the
 * vector page's MiB at 0xfff00000. A space maps only the user window
 * [USER_BASE, USER_END) (arch/space.h), so the ABI's fixed addresses
 * (uapi/cella/bootinfo.h, the cells' cellinfo.h) are offsets from
 * USER_BASE, and memory placed "at its physical address" (channels,
 * devices) appears at PA + USER_PHYS_OFFSET. Two kernel pages are readable
 * at user level (docs/design.md, ARMv5): the atomic helper and the clock.
 * Shared by the kernel and user level, as <cella/layout.h>.
 */
#pragma once

#define USER_BASE	 0x20000000 /* the ABI's fixed addresses are offsets from here */
#define USER_END	 0xf0000000 /* the end of the user window */
#define USER_PHYS_OFFSET 0x80000000 /* channels and devices appear at PA + this */

/*
 * The kernel's compare-and-swap helper, user-executable: r0 = old value,
 * r1 = new value, r2 = the word; returns r0 = 0 if the word held @old and
 * now holds @new. An exception inside it restarts it (arch/armv5/trap.c).
 */
#define USER_CMPXCHG_ADDR 0xffff1000

/* The SP804 timer 0 registers, user-readable: its value counts down at USER_CLOCK_HZ. */
#define USER_CLOCK_ADDR	 0xffff2000
#define USER_CLOCK_VALUE 0x04 /* register offset: the current count */
#define USER_CLOCK_HZ	 1000000
