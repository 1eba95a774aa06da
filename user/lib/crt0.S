/* SPDX-License-Identifier: MIT */
/* Entry of a native component: the kernel set sp and r0 (the argument); call main(r0). */
#include <cella/syscall.h>

	.syntax unified
	.arm
	.section .text.start, "ax"
	.globl	_start
_start:
	bl	main
	mov	r7, #SYS_THREAD_EXIT
	svc	#0
	b	.
