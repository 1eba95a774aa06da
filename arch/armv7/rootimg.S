/* SPDX-License-Identifier: MIT */
/* The root task's flat image (built from user/ and partition/), linked into the kernel. */

	.section .rodata.rootimg, "a"
	.balign	4096
	.globl	__rootimg_start
__rootimg_start:
	.incbin	ROOT_IMAGE
	.globl	__rootimg_end
__rootimg_end:
