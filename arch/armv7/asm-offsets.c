// SPDX-License-Identifier: MIT
/*
 * ARMv7's structure offsets and constants for assembly (the HYP trap entry,
 * the IPC fast path), computed by the compiler as those every ARM arch
 * needs are (arch/arm-common/asm-offsets.c, which says how): the same
 * <asm-offsets.h> has both.
 */
#include <stddef.h>

#include <cpu.h>
#include <endpoint.h>
#include <handle.h>
#include <ipc.h>
#include <space.h>
#include <thread.h>
#include <uapi/cella/ipc.h>

#include <arch/trap.h>

#define DEFINE(sym, val) __asm__ volatile("\n->" #sym " %0" : : "i"(val))

/* What fastpath.S reads as one: type and home, each pair of a handle slot. */
_Static_assert(offsetof(struct kobj, home) == offsetof(struct kobj, type) + 1,
	       "a kobj's home follows its type");
_Static_assert(offsetof(struct handle_slot, key) == offsetof(struct handle_slot, obj) + 4 &&
		       offsetof(struct handle_slot, badge_key) ==
			       offsetof(struct handle_slot, badge) + 4 &&
		       offsetof(struct handle_slot, ref) % 8 == 0 &&
		       offsetof(struct handle_slot, tag) % 8 == 0,
	       "a handle slot's pairs are read with ldrd: object and key, badge and key");

_Static_assert(offsetof(struct space, handles.count) == offsetof(struct space, handles.slots) + 4 &&
		       offsetof(struct space, handles.slots) % 8 == 0,
	       "a space's handle slots and their count are read as one pair");

_Static_assert(offsetof(struct thread, space) + 4 == offsetof(struct thread, arch.ctx),
	       "the fast path loads a thread's space with its frame's first words");
_Static_assert(offsetof(struct thread, held) == offsetof(struct thread, suspended) + 1 &&
		       offsetof(struct thread, suspended) % 2 == 0,
	       "a thread's suspended and held are read as one halfword");

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(HSR_SVC0, HSR_SVC_ARM_0);
	DEFINE(CPU_SYS_ENTRIES, offsetof(struct cpu, arch.sys_entries));
	DEFINE(CPU_ENDPOINT_HERE, offsetof(struct cpu, arch.endpoint_here));
	DEFINE(CPU_SCHED, offsetof(struct cpu, sched));
	DEFINE(SYSCALL_BLOCKED_, SYSCALL_BLOCKED);

	/* The IPC fast path (fastpath.S). */
	DEFINE(CPU_CURRENT, offsetof(struct cpu, sched.current));
	DEFINE(CPU_RQ_TOP, offsetof(struct cpu, sched.rq.top_prio));
	DEFINE(T_CTX, offsetof(struct thread, arch.ctx));
	DEFINE(T_TLS, offsetof(struct thread, arch.ctx.tls));
	DEFINE(T_HOME, offsetof(struct thread, obj.home));
	DEFINE(T_PRIO, offsetof(struct thread, rq.prio));
	DEFINE(T_SPACE, offsetof(struct thread, space));
	DEFINE(T_STATE, offsetof(struct thread, state));
	DEFINE(T_SUSPENDED, offsetof(struct thread, suspended));
	DEFINE(T_TIMED, offsetof(struct thread, timed));
	DEFINE(T_IPC_LINK, offsetof(struct thread, ipc_link));
	DEFINE(T_BLOCKED_ON, offsetof(struct thread, blocked_on));
	DEFINE(T_CALLER, offsetof(struct thread, caller));
	DEFINE(T_FAULTED, offsetof(struct thread, faulted));
	DEFINE(THREAD_RUNNABLE_, THREAD_RUNNABLE);
	DEFINE(THREAD_BLOCKED_RECV_, THREAD_BLOCKED_RECV);
	DEFINE(THREAD_BLOCKED_REPLY_, THREAD_BLOCKED_REPLY);
	DEFINE(SPACE_HSLOTS, offsetof(struct space, handles.slots));
	DEFINE(SPACE_VTTBR, offsetof(struct space, arch.vttbr));
	DEFINE(HSLOT_SHIFT, __builtin_ctz(sizeof(struct handle_slot)));
	DEFINE(HSLOT_REF, offsetof(struct handle_slot, ref));
	DEFINE(HSLOT_TAG, offsetof(struct handle_slot, tag));
	DEFINE(HANDLE_KEY_SHIFT_, HANDLE_KEY_SHIFT);
	DEFINE(KOBJ_TYPE_HOME, offsetof(struct kobj, type));
	DEFINE(KOBJ_ENDPOINT_, KOBJ_ENDPOINT);
	DEFINE(EP_SENDERS, offsetof(struct endpoint, senders));
	DEFINE(EP_RECEIVERS, offsetof(struct endpoint, receivers));
	DEFINE(RIGHT_SEND_, RIGHT_SEND);
	DEFINE(RIGHT_RECV_, RIGHT_RECV);
	DEFINE(HANDLE_INDEX_BITS_, HANDLE_INDEX_BITS);
	DEFINE(IPC_SHORT_BITS, __builtin_ctz((IPC_HANDLE | IPC_TRUNCATED | IPC_LEN_MASK) + 1));
	DEFINE(IPC_REG_WORDS_, IPC_REG_WORDS);
}
