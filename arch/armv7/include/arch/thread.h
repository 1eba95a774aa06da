/* SPDX-License-Identifier: MIT */
/*
 * ARMv7 part of a thread: its user registers, laid out as a trap frame.
 * While the thread runs, SP_hyp points just past ctx, so an exception from
 * the thread saves its registers straight into it (vectors.S).
 */
#pragma once

#include <compiler.h>

#include <arch/trap.h>

struct arch_thread {
	struct trap_frame ctx __aligned(8);
};
