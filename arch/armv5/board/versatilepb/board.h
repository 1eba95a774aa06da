/* SPDX-License-Identifier: MIT */
/*
 * Board file: ARM Versatile/PB with an ARM926EJ-S (QEMU -M versatilepb).
 * Every board address the kernel uses is here and nowhere else. Usable from
 * C and assembly. Addresses and interrupt lines as QEMU's hw/arm/versatilepb.c
 * wires them.
 */
#pragma once

#define BOARD_NAME "versatilepb"

/* The machine and CPU QEMU emulates. Read by tools/boardinfo.py, not by C. */
#define BOARD_QEMU_MACHINE "versatilepb"
#define BOARD_QEMU_CPU	   "arm926"
#define BOARD_QEMU_MEM	   "128M" /* what ./cella run gives it (the platform file's RAM) */

/* One core. */
#define BOARD_MAX_CPUS 1

/* SDRAM from 0, below the peripherals at 0x10000000; the size in use comes from mem=. */
#define BOARD_RAM_BASE	  0x00000000
#define BOARD_RAM_MAX	  0x10000000
#define BOARD_RAM_DEFAULT (128 << 20)

/*
 * Boot arguments: a NUL-terminated string the loader may place in the
 * second page of RAM (the first stays unmapped: a NULL pointer faults).
 * The kernel image is linked above it.
 */
#define BOARD_BOOTARGS_BASE (BOARD_RAM_BASE + 0x1000)
#define BOARD_BOOTARGS_SIZE 0x1000
#define BOARD_KERNEL_BASE   (BOARD_RAM_BASE + 0x10000)

/* Peripherals the kernel maps: system registers to UART2 (2 MiB, Device). */
#define BOARD_DEVICE_BASE 0x10000000
#define BOARD_DEVICE_SIZE 0x00200000

/* PL011 UART0, the console; UART1-2 for cells, in QEMU's -serial order. */
#define BOARD_UART0_BASE 0x101f1000
#define BOARD_UART0_IRQ	 12 /* VIC line 12: the root task may wait on its input (bootinfo) */
#define BOARD_UART1_BASE 0x101f2000
#define BOARD_UART2_BASE 0x101f3000

/*
 * SP804 dual timer 2/3 (line 5), user level's: a spare timer in a device
 * window that the root task's interrupt tests drive (bootinfo's timer).
 */
#define BOARD_USER_TIMER_BASE 0x101e3000
#define BOARD_USER_TIMER_IRQ  5

/*
 * Device windows the root task may hand out: UART1-2, leaving out UART0,
 * and the second SP804 (timers 2/3), leaving out the kernel's first. No
 * third window (size 0), and no guests, so no guest GIC.
 */
#define BOARD_USER_DEV0_BASE  0x101f2000
#define BOARD_USER_DEV0_SIZE  0x00002000
#define BOARD_USER_DEV1_BASE  BOARD_USER_TIMER_BASE
#define BOARD_USER_DEV1_SIZE  0x00001000
#define BOARD_USER_DEV2_BASE  0
#define BOARD_USER_DEV2_SIZE  0
#define BOARD_GUEST_GICD_BASE 0
#define BOARD_GUEST_GICC_BASE 0

/* PL190 vectored interrupt controller (the primary one; 32 lines). */
#define BOARD_VIC_BASE 0x10140000

/*
 * SP804 dual timer 0/1 (line 4): timer 0 free-running, the clock; timer 1
 * one-shot, the deadline. QEMU clocks both at 1 MHz.
 */
#define BOARD_TIMER_BASE 0x101e2000
#define BOARD_TIMER_HZ	 1000000
#define BOARD_IRQ_TIMER	 4
