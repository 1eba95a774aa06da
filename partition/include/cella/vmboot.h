/* SPDX-License-Identifier: MIT */
/*
 * The boot record of a VM cell that boots a kernel image by the Linux/ARM
 * boot protocol (Documentation/arch/arm/booting.rst): where the host side
 * (cellconf) put the kernel, its initrd and the cell's device tree in the
 * guest's memory. A kernel image is a Linux zImage ("IMAGE.zImage", with
 * an optional "IMAGE.initrd") or a raw boot image ("IMAGE.bin": any other
 * image entered at its first byte by the same protocol, such as the RTOS
 * of guests/rtos/; no initrd). cellconf decides the layout and writes the
 * record; the cell pack carries it as entry "CELL.vmboot" beside
 * "CELL.dtb" and the image's files under their own names; the VMM copies
 * each entry to its address and enters the kernel at `entry` with r0 = 0,
 * r1 = ~0 (no machine type: a device tree), r2 = dtb_addr, MMU and caches
 * off, interrupts masked. Plain C with fixed-width types, little-endian,
 * so that both sides include it unchanged. docs/config.md describes the
 * layout.
 */
#pragma once

#include <stdint.h>

#define VMBOOT_MAGIC 0x54424d56u /* "VMBT" as little-endian bytes */

/* Suffixes of the pack entries of a VM cell (appended to its name or image's). */
#define VMBOOT_RECORD_SUFFIX ".vmboot"
#define VMBOOT_DTB_SUFFIX    ".dtb"
#define VMBOOT_ZIMAGE_SUFFIX ".zImage" /* a Linux zImage: its own layout rules */
#define VMBOOT_RAW_SUFFIX    ".bin"    /* a raw boot image: a 1M-aligned address */
#define VMBOOT_INITRD_SUFFIX ".initrd" /* a zImage's initramfs */
#define VMBOOT_NAME_MAX	     24 /* longest cell or image name whose entries fit a pack name */

/*
 * The layout of a zImage, all offsets from the start of the cell's first
 * memory region (its "RAM base", which a zImage finds by rounding its own
 * address down to VMBOOT_RAM_ALIGN): the kernel at VMBOOT_KERNEL_OFFSET;
 * the device tree at VMBOOT_DTB_HIGH if the region is larger than
 * VMBOOT_DTB_HIGH_ABOVE, else at half the region; the initrd
 * VMBOOT_DTB_SLOT after the device tree.
 */
#define VMBOOT_RAM_ALIGN      0x08000000u /* 128M */
#define VMBOOT_KERNEL_OFFSET  0x02000000u /* 32M: the zImage need not move itself */
#define VMBOOT_DTB_HIGH	      0x08000000u /* 128M */
#define VMBOOT_DTB_HIGH_ABOVE 0x0a000000u /* 160M */
#define VMBOOT_DTB_SLOT	      0x00010000u /* 64K: a device tree is at most this */
#define VMBOOT_MIN_MEMORY     0x02000000u /* 32M: the first region, at least */

/*
 * The layout of a raw boot image: the image at the start of the first
 * region, which is VMBOOT_RAW_ALIGN-aligned; the device tree in the
 * region's last VMBOOT_DTB_SLOT-aligned slot, as far as it can be from the
 * image and the memory the image uses past its end (which cellconf cannot
 * know). No initrd.
 */
#define VMBOOT_RAW_ALIGN 0x00100000u /* 1M */

struct vmboot {
	uint32_t magic;	      /* VMBOOT_MAGIC */
	uint32_t kernel_addr; /* where IMAGE.zImage or IMAGE.bin goes */
	uint32_t kernel_size;
	uint32_t initrd_addr; /* where IMAGE.initrd goes; 0 with size 0 if none */
	uint32_t initrd_size;
	uint32_t dtb_addr; /* where CELL.dtb goes: r2 at entry */
	uint32_t dtb_size;
	uint32_t entry;	       /* the first instruction: kernel_addr */
	uint32_t pvpanic_addr; /* the guest's pvpanic page (docs/vmm.md), 0 if none */
	uint32_t reserved;
};

_Static_assert(sizeof(struct vmboot) == 40, "vmboot layout");
