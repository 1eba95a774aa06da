/* SPDX-License-Identifier: MIT */
/*
 * The atomic operations GCC calls out of line on ARMv5, which has no
 * exclusive loads and stores (and user level cannot mask interrupts):
 * each retries the kernel's compare-and-swap helper at USER_CMPXCHG_ADDR
 * (<cella/layout.h>), a restartable sequence the kernel restarts when an
 * exception interrupts it. One core: the ordering arguments need no
 * barrier, and __sync_synchronize is a call, which the compiler does not
 * move memory accesses across.
 */
#include <cella/layout.h>

	.syntax unified
	.arm
	.text

/* r0 = old, r1 = new, r2 = word -> r0 = 0 if stored; r3, ip clobbered. */
.macro	cmpxchg
	ldr	ip, =USER_CMPXCHG_ADDR
	blx	ip
.endm

/* unsigned int NAME(unsigned int *word, unsigned int value, int order): the old value. */
.macro	fetch_op name, insn
	.globl	\name
\name:
	push	{r4, r5, r6, lr}
	mov	r4, r0
	mov	r5, r1
1:	ldr	r6, [r4]
	mov	r0, r6
	\insn	r1, r6, r5
	mov	r2, r4
	cmpxchg
	cmp	r0, #0
	bne	1b
	mov	r0, r6
	pop	{r4, r5, r6, pc}
.endm

.macro	mov_new d, old, value
	mov	\d, \value
.endm

	fetch_op __atomic_fetch_add_4, add
	fetch_op __atomic_fetch_sub_4, sub
	fetch_op __atomic_fetch_and_4, and
	fetch_op __atomic_fetch_or_4, orr
	fetch_op __atomic_fetch_xor_4, eor
	fetch_op __atomic_exchange_4, mov_new

/*
 * bool __atomic_compare_exchange_4(unsigned int *word, unsigned int *expected,
 *                                  unsigned int desired, int success, int failure):
 * on failure *expected gets the value seen.
 */
	.globl	__atomic_compare_exchange_4
__atomic_compare_exchange_4:
	push	{r4, r5, r6, lr}
	mov	r4, r0
	mov	r5, r1
	mov	r6, r2
1:	ldr	r0, [r5]
	mov	r1, r6
	mov	r2, r4
	cmpxchg
	cmp	r0, #0
	moveq	r0, #1
	popeq	{r4, r5, r6, pc}
	ldr	r3, [r4]			@ what the word holds now
	ldr	r0, [r5]
	cmp	r3, r0
	beq	1b				@ it changed back meanwhile: try again
	str	r3, [r5]
	mov	r0, #0
	pop	{r4, r5, r6, pc}

	.globl	__sync_synchronize
__sync_synchronize:
	bx	lr

	.ltorg
