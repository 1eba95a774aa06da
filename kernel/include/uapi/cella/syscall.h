/* SPDX-License-Identifier: MIT */
/*
 * System call numbers and register conventions; shared by the kernel and
 * user level. docs/syscalls.md documents every call.
 *
 * ABI (armv7): `svc #0` with the number in r7 and arguments in r0-r6. The
 * kernel returns a value >= 0 or a negative ERR_* code in r0; calls with
 * more results return them in r1-r6 (IPC: uapi/cella/ipc.h). r7-r12, sp and
 * lr are kept.
 */
#pragma once

/* Numbers are macros: assembly (crt0.S) uses them too. */
#define SYS_DEBUG_WRITE		     0 /* (ptr, len) -> bytes written */
#define SYS_YIELD		     1 /* () -> 0 */
#define SYS_SLEEP		     2 /* (ns_lo, ns_hi) -> 0 */
#define SYS_THREAD_EXIT		     3 /* () -> does not return */
#define SYS_THREAD_CREATE	     4 /* (space, core, prio, max_prio) -> thread */
#define SYS_THREAD_START	     5 /* (thread, entry, sp, arg) -> 0 */
#define SYS_THREAD_SET_PRIO	     6 /* (thread, prio) -> 0 */
#define SYS_THREAD_SUSPEND	     7 /* (thread) -> 0 */
#define SYS_THREAD_RESUME	     8 /* (thread) -> 0 */
#define SYS_HANDLE_COPY		     9 /* (handle, dst_space, rights_mask, badge) -> handle in dst */
#define SYS_HANDLE_CLOSE	     10 /* (handle) -> 0 */
#define SYS_SPACE_CREATE	     11 /* (memory, spaces it may create) -> space */
#define SYS_MEMORY_SPLIT	     12 /* (memory, offset) -> memory (the upper part) */
#define SYS_MEMORY_MAP		     13 /* (space, memory, addr, rights) -> 0 */
#define SYS_KMEM_DONATE		     14 /* (space, memory) -> 0 */
#define SYS_KMEM_AVAILABLE	     15 /* (space) -> bytes */
#define SYS_ENDPOINT_CREATE	     16 /* () -> endpoint */
#define SYS_NOTIFY_CREATE	     17 /* () -> notification */
#define SYS_SEND		     18 /* (ep, info, mr0-3, timeout) -> 0 */
#define SYS_RECV		     19 /* (ep, -, -, -, -, -, timeout) -> 0, info, mr0-3, badge */
#define SYS_CALL		     20 /* (ep, info, mr0-3, timeout) -> 0, the reply */
#define SYS_REPLY		     21 /* (-, info, mr0-3) -> 0 */
#define SYS_REPLY_RECV		     22 /* (ep, info, mr0-3, timeout) -> as SYS_RECV */
#define SYS_SIGNAL		     23 /* (notification, bits) -> 0 */
#define SYS_WAIT		     24 /* (notification, -, -, -, -, -, timeout) -> 0, bits */
#define SYS_POLL		     25 /* (notification) -> 0, bits */
#define SYS_THREAD_SET_FAULT_HANDLER 26 /* (thread, endpoint or 0) -> 0 */
#define SYS_THREAD_SET_IPC_BUFFER    27 /* (thread, addr or 0) -> 0 */
#define SYS_IRQ_CREATE		     28 /* (interrupt control, irq) -> interrupt */
#define SYS_IRQ_SET_NOTIFY	     29 /* (interrupt, notification, bits) -> 0 */
#define SYS_IRQ_ACK		     30 /* (interrupt) -> 0 */
#define SYS_THREAD_MOVE		     31 /* (thread, core) -> 0 */
#define SYS_CONSOLE_READ	     32 /* (ptr, len) -> bytes read, 0 if none (root task only) */
#define SYS_KSTAT		     33 /* (interrupt control, core, counter) -> value */
#define SYS_VCPU_CREATE		     34 /* (space, core, prio, max_prio, index) -> thread (a VCPU) */
#define SYS_VCPU_WRITE		     35 /* (vcpu, reg, value) -> 0 */
#define SYS_VCPU_VIRQ		     36 /* (vcpu, virq, op) -> 0 */
#define SYS_IRQ_SET_VCPU	     37 /* (interrupt, vcpu) -> 0 */
#define SYS_NOTIFY_SET_VCPU	     38 /* (notification, vcpu or 0, virq) -> 0 */
#define SYS_VCPU_STAT		     39 /* (vcpu, counter) -> its value, low 31 bits */
#define SYS_SPACE_DESTROY	     40 /* (space) -> 0: close its handles and this one */
#define SYS_CONSOLE_TAG		     41 /* (space, ptr, len) -> 0 */
#define SYS_COUNT		     42 /* numbers are below this */
