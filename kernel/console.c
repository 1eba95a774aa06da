// SPDX-License-Identifier: MIT
/* The kernel console: whole lines under one lock, recursive for its owner. */
#include <console.h>
#include <cpu.h>
#include <format.h>
#include <spinlock.h>

#define LINE_MAX 256
#define NO_OWNER ((cpuid_t)-1)

/*
 * console.lock guards the UART and the owner/depth fields. owner is written
 * only by the core holding the lock (and read by a core to see whether it
 * already holds it: a stale value can only be another core's id or
 * NO_OWNER, never its own, so the check is safe without ordering).
 */
static struct {
	struct spinlock lock;
	cpuid_t owner;
	unsigned int depth;
} console __aligned(CACHE_LINE) = {SPINLOCK_INIT, NO_OWNER, 0};

void console_init(void)
{
	console_arch_init();
}

void console_lock(void)
{
	if (!console_arch_locking_ready())
		return;
	cpuid_t me = this_cpu()->id;

	if (READ_ONCE(console.owner) != me) {
		spin_lock(&console.lock);
		WRITE_ONCE(console.owner, me);
	}
	console.depth++;
}

void console_unlock(void)
{
	if (!console_arch_locking_ready())
		return;
	if (--console.depth == 0) {
		WRITE_ONCE(console.owner, NO_OWNER);
		spin_unlock(&console.lock);
	}
}

static void write_raw(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			console_arch_putc('\r');
		console_arch_putc(s[i]);
	}
}

void console_write(const char *s, size_t n)
{
	unsigned long flags = arch_irq_save();

	console_lock();
	write_raw(s, n);
	console_unlock();
	arch_irq_restore(flags);
}

bool console_read_byte(char *c)
{
	return console_arch_getc(c);
}

int kprintf(const char *fmt, ...)
{
	static const char cut[] = "[...]\n";
	char line[LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= LINE_MAX) {
		/* Too long: keep the head, say so, and still end the line. */
		n = LINE_MAX - sizeof(cut);
		for (size_t i = 0; i < sizeof(cut); i++)
			line[n + i] = cut[i];
		n += sizeof(cut) - 1;
	}
	console_write(line, n);
	return n;
}
