/* SPDX-License-Identifier: MIT */
/* ARMv5 part of a thread: ARM's (arm/thread.h); a switch changes nothing else. */
#pragma once

#include <arm/thread.h>

/* The ARM926 has no thread ID register and no exclusive monitor: only the frame differs. */
static inline void thread_arch_switch_native(struct arch_thread *prev, struct arch_thread *next)
{
}
