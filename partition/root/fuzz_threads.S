/* SPDX-License-Identifier: MIT */
/*
 * The fuzzer's helper threads (fuzz_graph.c starts them). They use no stack
 * and no memory but what their argument names, so hundreds can run at once,
 * in the fuzzer's space or in a space of their own where only the image is
 * mapped. The kernel keeps r7-r12 across a call: each keeps its state there.
 */
#include <cella/ipc.h>
#include <cella/syscall.h>

#include "fuzz.h"

#define UNKNOWN_SYSCALL 0xfff
#define UNMAPPED	0xfffff000 /* no space of the fuzzer maps it (or the load works) */

	.syntax unified
	.arm
	.text

/* fuzz_link(in | how << LINK_HOW_SHIFT): receive on in, then end as @how says. */
	.globl	fuzz_link
	.type	fuzz_link, %function
fuzz_link:
	lsr	r8, r0, #LINK_HOW_SHIFT
	bic	r0, r0, #0xff000000
	mvn	r6, #0			/* TIMEOUT_FOREVER: a link waits until its chain is torn down */
	mov	r7, #SYS_RECV
	svc	#0
	cmp	r8, #LINK_EXIT
	beq	1f
	cmp	r8, #LINK_STOP
	beq	2f
	cmp	r8, #LINK_SYSCALL
	beq	3f
	cmp	r8, #LINK_DATA
	bne	4f
	ldr	r0, =UNMAPPED
	ldr	r0, [r0]
	b	4f
1:	mov	r7, #SYS_THREAD_EXIT
	svc	#0
2:	mov	r1, #1			/* one word: FAULT_STOP */
	mov	r2, #FAULT_STOP
	mov	r7, #SYS_REPLY
	svc	#0
	b	4f
3:	ldr	r7, =UNKNOWN_SYSCALL
	svc	#0
4:	udf	#0
	b	4b
	.size	fuzz_link, . - fuzz_link

/* fuzz_server(ep): answer every call with an empty reply, forever. */
	.globl	fuzz_server
	.type	fuzz_server, %function
fuzz_server:
	mov	r8, r0
1:	mov	r0, r8
	mov	r1, #0
	ldr	r6, =HELPER_WAIT_US
	mov	r7, #SYS_REPLY_RECV
	svc	#0
	b	1b
	.size	fuzz_server, . - fuzz_server

/* fuzz_caller(struct fuzz_caller *c): call c->ep forever, counting answers in c->calls. */
	.globl	fuzz_caller
	.type	fuzz_caller, %function
fuzz_caller:
	mov	r8, r0
1:	ldr	r0, [r8]
	mov	r1, #0
	ldr	r6, =HELPER_WAIT_US
	mov	r7, #SYS_CALL
	svc	#0
	cmp	r0, #0
	ldreq	r1, [r8, #4]
	addeq	r1, r1, #1
	streq	r1, [r8, #4]
	b	1b
	.size	fuzz_caller, . - fuzz_caller

/* fuzz_maker(notify): endpoints and notifications until the space refuses, then wait. */
	.globl	fuzz_maker
	.type	fuzz_maker, %function
fuzz_maker:
	mov	r8, r0
1:	mov	r7, #SYS_ENDPOINT_CREATE
	svc	#0
	cmp	r0, #0
	blt	2f
	mov	r7, #SYS_NOTIFY_CREATE
	svc	#0
	cmp	r0, #0
	bge	1b
2:	mov	r0, r8
	ldr	r6, =HELPER_WAIT_US
	mov	r7, #SYS_WAIT
	svc	#0
	b	2b
	.size	fuzz_maker, . - fuzz_maker
