/* SPDX-License-Identifier: MIT */
/*
 * Where things are in a native thread's address space on ARMv7: a space is
 * a stage-2 table and may map almost any address, so the fixed addresses
 * of the ABI (uapi/cella/bootinfo.h, the cells' cellinfo.h) start at 0, and
 * memory placed "at its physical address" (channels, devices) is there.
 * Shared by the kernel and user level, as <cella/layout.h>.
 */
#pragma once

#define USER_BASE	 0x00000000 /* the ABI's fixed addresses are offsets from here */
#define USER_END	 0xf0000000 /* the services map nothing at or above it */
#define USER_PHYS_OFFSET 0x00000000 /* channels and devices appear at PA + this (IPA = PA) */
