// SPDX-License-Identifier: MIT
/* Fatal kernel errors: say what and where, then stop this core. */
#include <console.h>
#include <cpu.h>
#include <panic.h>

#include <shared/format.h>

void panic(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	arch_irq_disable();
	va_start(ap, fmt);
	vformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	console_lock(); /* synchronous: a full ring must not drop the last word */
	kprintf("cella: panic on cpu%u: %s\n", this_cpu()->id, msg);
	console_unlock();
	cpu_halt();
}
