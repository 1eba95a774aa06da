/* SPDX-License-Identifier: MIT */
/*
 * Board file: ARM Versatile Express with a CoreTile Express A15x4
 * (QEMU -M vexpress-a15), "A-series" memory map. Every board address the
 * kernel uses is here and nowhere else. Usable from C and assembly.
 */
#pragma once

#define BOARD_NAME "vexpress-a15"

/*
 * The machine QEMU emulates, with the options Cella needs (the cores start
 * in Secure SVC, and may enter HYP). Read by tools/boardinfo.py, not by C.
 */
#define BOARD_QEMU_MACHINE "vexpress-a15,secure=on,virtualization=on"

/* Cores on the CoreTile Express A15x4: the most one image supports. */
#define BOARD_MAX_CPUS 4

/* DRAM: up to 2 GiB from 0x80000000; the size in use comes from mem=. */
#define BOARD_RAM_BASE	  0x80000000
#define BOARD_RAM_MAX	  0x80000000
#define BOARD_RAM_DEFAULT (128 << 20)

/*
 * Boot arguments: a NUL-terminated string the loader may place at the start
 * of RAM (the `cella` script does, with QEMU's generic loader). The kernel
 * image is linked above it.
 */
#define BOARD_BOOTARGS_BASE BOARD_RAM_BASE
#define BOARD_BOOTARGS_SIZE 0x1000
#define BOARD_KERNEL_BASE   (BOARD_RAM_BASE + 0x10000)

/* Peripherals: the first GiB holds every device the kernel maps. */
#define BOARD_DEVICE_BASE 0x00000000
#define BOARD_DEVICE_SIZE 0x40000000

/* PL011 UART0 on the motherboard (A-series map). */
#define BOARD_UART0_BASE	0x1c090000
#define BOARD_UART0_IRQ		37 /* SPI 5: the root task may wait on its input (bootinfo) */
/*
 * UART0 in the legacy map used by the Cortex-A9 tile (-M vexpress-a9). Used
 * only to say, on such a machine, that Cella cannot run there.
 */
#define BOARD_UART0_BASE_LEGACY 0x10009000

/*
 * UART1-3, the cells' consoles: QEMU connects its -serial options to
 * UART0-3 in this order. For tools (tools/consoles.py); the kernel hands
 * them out only as part of the device windows below.
 */
#define BOARD_UART1_BASE 0x1c0a0000
#define BOARD_UART2_BASE 0x1c0b0000
#define BOARD_UART3_BASE 0x1c0c0000

/*
 * Device windows the root task may hand out (motherboard peripherals:
 * UART1-3, SP804 timers, RTC, ...), page-aligned, leaving out UART0, which
 * is the kernel's console. The GIC is never among them.
 */
#define BOARD_USER_DEV0_BASE 0x1c000000
#define BOARD_USER_DEV0_SIZE 0x00090000
#define BOARD_USER_DEV1_BASE 0x1c0a0000
#define BOARD_USER_DEV1_SIZE 0x00160000

/*
 * The motherboard's SP804 dual timer 0/1 (line 2: ID 34), in the second
 * window, user level's: the root task's interrupt tests drive it
 * (bootinfo's timer). The kernel's clock and tick are the generic timer's.
 */
#define BOARD_USER_TIMER_BASE 0x1c110000
#define BOARD_USER_TIMER_IRQ  34

/* Cortex-A15 MPCore private region: GICv2 with virtualization extensions. */
#define BOARD_GICD_BASE 0x2c001000 /* distributor */
#define BOARD_GICC_BASE 0x2c002000 /* CPU interface */
#define BOARD_GICH_BASE 0x2c004000 /* virtual interface control */
#define BOARD_GICV_BASE 0x2c006000 /* virtual CPU interface */
#define BOARD_GICV_SIZE 0x2000

/* GIC virtual interface maintenance interrupt (PPI). */
#define BOARD_IRQ_GIC_MAINTENANCE 25

/* Generic-timer PPIs (interrupt IDs). */
#define BOARD_IRQ_HYP_TIMER  26
#define BOARD_IRQ_VIRT_TIMER 27
#define BOARD_IRQ_PHYS_TIMER 30

/* The third window the root task is given: the GIC virtual CPU interface, for guests. */
#define BOARD_USER_DEV2_BASE BOARD_GICV_BASE
#define BOARD_USER_DEV2_SIZE BOARD_GICV_SIZE

/* Where a guest finds its GIC (bootinfo): the VMM's distributor, GICV at GICC. */
#define BOARD_GUEST_GICD_BASE BOARD_GICD_BASE
#define BOARD_GUEST_GICC_BASE BOARD_GICC_BASE
