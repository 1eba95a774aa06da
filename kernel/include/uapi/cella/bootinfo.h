/* SPDX-License-Identifier: MIT */
/*
 * What the kernel tells the root task at boot: a read-only page mapped at
 * BOOTINFO_ADDR in the root task's address space, holding the handles the
 * root task starts with. Shared by the kernel and user level.
 */
#pragma once

#include <cella/layout.h> /* the arch's USER_BASE */

/* Plain C types only: every field is 32 bits on both arches. */

/* The root task's address space (its image is linked for ROOT_IMAGE_ADDR). */
#define BOOTINFO_ADDR	     (USER_BASE + 0x00001000) /* this page, read-only */
#define ROOT_IMAGE_ADDR	     (USER_BASE + 0x00100000) /* image, read-write-execute */
#define ROOT_STACK_TOP	     (USER_BASE + 0x00800000) /* stack grows down from here */
#define ROOT_STACK_SIZE	     0x00010000
/* The priority the root task's first thread starts at (its limit: the highest). */
#define ROOT_PRIO	     100
#define BOOTINFO_MAGIC	     0x43454c4cu /* "CELL" */
#define BOOTINFO_MAX_MEMORY  8
#define BOOTINFO_MAX_DEVICES 3
#define BOOTINFO_ARGS_MAX    256

#ifndef __ASSEMBLY__ /* linker scripts use the addresses above */
struct bootinfo_memory {
	unsigned int handle; /* a memory object: all rights */
	unsigned int base;   /* physical address */
	unsigned int size;   /* bytes */
};

/* A device of the board's in a device window: where its registers are, its interrupt. */
struct bootinfo_device {
	unsigned int base; /* physical address of its register page; 0: the board has none */
	unsigned int irq;  /* its interrupt ID, for SYS_IRQ_CREATE */
};

struct bootinfo {
	unsigned int magic;
	unsigned int cores;	   /* cores online */
	unsigned int self_space;   /* the root task's own space: all rights */
	unsigned int self_thread;  /* the root task's thread: all rights */
	unsigned int self_image;   /* memory object of its image (mapped once) */
	unsigned int irq_control;  /* claims interrupts (SYS_IRQ_CREATE) */
	unsigned int memory_count; /* entries used in memory[] */
	struct bootinfo_memory memory[BOOTINFO_MAX_MEMORY]; /* free RAM */
	/* Device windows; the last is the GIC's virtual CPU interface, for guests. */
	struct bootinfo_memory devices[BOOTINFO_MAX_DEVICES];
	unsigned int guest_gicd; /* where a guest expects its GIC distributor (emulated) */
	unsigned int guest_gicc; /* where it expects its CPU interface: map the last window there */
	struct bootinfo_device timer; /* a spare SP804 dual timer (1 MHz), not the kernel's */
	unsigned int console_irq; /* the kernel console's receive interrupt (SYS_CONSOLE_READ) */
	char args[BOOTINFO_ARGS_MAX]; /* the kernel's boot arguments */
};
#endif
