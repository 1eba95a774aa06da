/* SPDX-License-Identifier: MIT */
/*
 * IPC message format, shared by the kernel and user level.
 *
 * Registers (armv7): r0 the endpoint handle in, the status out; r1 the info
 * word; r2-r5 message words 0-3; r6 the timeout in (microseconds, or one of
 * the two below), the sender's badge out. Words 4 and up travel in the
 * thread's IPC buffer (SYS_THREAD_SET_IPC_BUFFER), as does a handle.
 */
#pragma once

#define IPC_REG_WORDS	     4	       /* message words in registers */
#define IPC_MSG_MAX	     64	       /* message words in all */
#define IPC_LEN_MASK	     0x7f      /* info: number of words, 0..IPC_MSG_MAX */
#define IPC_HANDLE	     (1u << 7) /* info: the message carries buffer.handle */
#define IPC_TRUNCATED	     (1u << 8) /* info: the receiver got only the register words */
#define IPC_LABEL_SHIFT	     16	       /* info: bits 31-16 are the sender's label */
#define IPC_INFO(label, len) ((unsigned int)(label) << IPC_LABEL_SHIFT | (len))
#define IPC_LABEL(info)	     ((info) >> IPC_LABEL_SHIFT)

#define TIMEOUT_NONE	0	    /* do not wait: ERR_TIMEOUT unless it can happen now */
#define TIMEOUT_FOREVER 0xffffffffu /* wait as long as it takes */

/* Fault messages: label FAULT_LABEL, the words of struct fault_msg. */
#define FAULT_LABEL	0xffff
#define FAULT_DATA	1 /* data abort: address is the faulting address */
#define FAULT_PREFETCH	2 /* prefetch abort */
#define FAULT_UNDEFINED 3 /* undefined or trapped instruction */
#define FAULT_SYSCALL	4 /* unknown system call: address is its number */
/* The handler's reply (struct fault_reply): resume or stop. */
#define FAULT_RESUME	0
#define FAULT_STOP	1

#ifndef __ASSEMBLY__
/* A fault message's words, in order (a VCPU's exit has four more: uapi/cella/vcpu.h). */
struct fault_msg {
	unsigned int kind;     /* FAULT_*, or a VCPU's VCPU_EXIT_* */
	unsigned int addr;     /* the faulting address; the system call's number */
	unsigned int pc;       /* where it faulted */
	unsigned int syndrome; /* the exception's syndrome, as the architecture gives it */
};

/* The handler's reply's first words (a VCPU's reply: uapi/cella/vcpu.h). */
struct fault_reply {
	unsigned int action; /* FAULT_RESUME or FAULT_STOP */
	unsigned int pc;     /* FAULT_RESUME: resume here instead, if not 0 */
};

struct ipc_buffer {
	unsigned int mr[IPC_MSG_MAX]; /* mr[0..3] unused: those words are in registers */
	unsigned int handle;	      /* a handle to send; where a received one lands */
};
#endif
