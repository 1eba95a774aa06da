/* SPDX-License-Identifier: MIT */
/*
 * The root task's flat image (built from user/ and partition/), linked into
 * the kernel, and after it, at the next page, the cell pack (the cell table
 * and cell images, partition/include/cella/cellpack.h) it serves.
 */

	.section .rodata.rootimg, "a"
	.balign	4096
	.globl	__rootimg_start
__rootimg_start:
	.incbin	ROOT_IMAGE
	.balign	4096
	.incbin	CELL_PACK
	.globl	__rootimg_end
__rootimg_end:
