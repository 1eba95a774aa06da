// SPDX-License-Identifier: MIT
/*
 * The kernel console: lines queued whole in one ring, written out to the
 * UART by whichever core holds it, never waited for (console.h).
 */
#include <atomic.h>
#include <console.h>
#include <cpu.h>
#include <spinlock.h>
#include <timer.h>

#include <shared/format.h>

#define RING_SIZE  8192u /* bytes queued at most: 32 full lines */
/*
 * What a tick writes out of others' lines: interrupts are masked meanwhile,
 * on a core that may be running a real-time guest, so a few bytes (about
 * ten instructions each) and not a line (1,600 bytes a second a core).
 */
#define TICK_BYTES 16
#define NO_OWNER   ((cpuid_t)-1)

STATIC_ASSERT((RING_SIZE & (RING_SIZE - 1)) == 0, "the ring's size is a power of two");

/*
 * The writers' side. lock guards head, dropped and the ring's free bytes; it
 * is held only to copy one piece in (at most CONSOLE_LINE_MAX bytes), so a
 * core waits for it at most that copy on each other core (a ticket lock is
 * FIFO). head is stored with release after the copy, for the UART's holder.
 */
static struct {
	struct spinlock lock;
	uint32_t head;	  /* bytes ever queued (wraps) */
	uint32_t dropped; /* pieces refused for want of room, ever */
} in __aligned(CACHE_LINE) = {SPINLOCK_INIT, 0, 0};

/*
 * The UART's side. owner is the core holding the UART: taken by compare and
 * exchange from NO_OWNER (acquire), given back by a release store. Only the
 * owner writes the UART and the other fields. tail is stored with release
 * after each byte leaves, for writers measuring the room left; a stale
 * owner read by a core can only be another core's id or NO_OWNER, never its
 * own. depth counts console_lock() levels (0: held only to drain).
 */
static struct {
	cpuid_t owner;
	unsigned int depth;
	uint32_t tail; /* bytes ever written out (wraps) */
	uint32_t told; /* drops already reported */
	bool mid_line; /* the last byte out was not a newline */
} out __aligned(CACHE_LINE) = {NO_OWNER, 0, 0, 0, false};

static char ring[RING_SIZE];

/* Core i's spent budget left bytes in the ring: its tick writes them. Its own entry only. */
static bool left[CONFIG_MAX_CPUS];

static void set_left(cpuid_t me, bool v)
{
	if (left[me] != v) /* no store in the usual case */
		left[me] = v;
}

void console_init(void)
{
	console_arch_init();
}

static void write_raw(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			console_arch_putc('\r');
		console_arch_putc(s[i]);
	}
}

static bool queue(const char *s, size_t n)
{
	bool room;

	spin_lock(&in.lock);
	room = in.head - atomic_load(&out.tail, __ATOMIC_ACQUIRE) + n <= RING_SIZE;
	if (room) {
		for (size_t i = 0; i < n; i++)
			ring[(in.head + i) % RING_SIZE] = s[i];
		atomic_store(&in.head, in.head + (uint32_t)n, __ATOMIC_RELEASE);
	} else {
		in.dropped++;
	}
	spin_unlock(&in.lock);
	return room;
}

/* Owner only. Said between lines, so that it never splits one. */
static void report_drops(void)
{
	uint32_t dropped = READ_ONCE(in.dropped);
	char line[64];
	int n;

	if (dropped == out.told || out.mid_line)
		return;
	n = format(line, sizeof(line), "cella: console: %u lines dropped (ring full)\n",
		   dropped - out.told);
	write_raw(line, (size_t)n);
	out.told = dropped;
}

/* Owner only: write out up to @budget queued bytes; returns what is left of it. */
static uint32_t drain(uint32_t budget)
{
	uint32_t head = atomic_load(&in.head, __ATOMIC_ACQUIRE);
	uint32_t tail = out.tail;

	for (; tail != head && budget; tail++, budget--) {
		char c = ring[tail % RING_SIZE];

		write_raw(&c, 1);
		out.mid_line = c != '\n';
	}
	atomic_store(&out.tail, tail, __ATOMIC_RELEASE); /* once: the room it made */
	report_drops();
	return budget;
}

static bool try_own(cpuid_t me)
{
	cpuid_t none = NO_OWNER;

	return atomic_cmpxchg(&out.owner, &none, me, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static void disown(void)
{
	atomic_store(&out.owner, NO_OWNER, __ATOMIC_RELEASE);
	arch_send_event(); /* a console_lock() may wait in WFE */
}

/*
 * Write out up to @budget queued bytes if no other core holds the UART.
 * The full fence after each side's store pairs with the other's: a writer
 * queues, fences, then tries; the owner gives up, fences, then looks at
 * head again. So either the writer takes the UART or the owner sees its
 * bytes (no line is left behind while both go away), unless the owner's
 * budget is spent: then the next write or tick on any core takes them.
 */
static void try_drain(uint32_t budget)
{
	cpuid_t me = this_cpu()->id;

	atomic_fence(__ATOMIC_SEQ_CST);
	if (atomic_load(&in.head, __ATOMIC_RELAXED) == atomic_load(&out.tail, __ATOMIC_RELAXED)) {
		set_left(me, false);
		return; /* nothing queued (the tick's usual case): no store to a shared line */
	}
	while (budget && try_own(me)) {
		budget = drain(budget);
		disown();
		atomic_fence(__ATOMIC_SEQ_CST);
		if (atomic_load(&in.head, __ATOMIC_RELAXED) ==
		    atomic_load(&out.tail, __ATOMIC_RELAXED)) {
			set_left(me, false);
			return;
		}
	}
	set_left(me, !budget); /* spent with bytes left: for this core's tick */
	if (!budget)
		timer_tick_update();
}

/* This core holds the console by console_lock() (not just to drain). */
static bool held_here(void)
{
	return READ_ONCE(out.owner) == this_cpu()->id && out.depth;
}

bool console_write(const char *s, size_t n)
{
	unsigned long flags;
	bool queued = true;

	if (!console_arch_locking_ready()) {
		write_raw(s, n);
		return true;
	}
	flags = arch_irq_save();
	if (held_here()) {
		drain(UINT32_MAX); /* what others queued before goes first */
		write_raw(s, n);
		out.mid_line = n && s[n - 1] != '\n';
	} else {
		/* As many bytes as it queued: its own, or older ones before them. */
		queued = queue(s, n);
		try_drain((uint32_t)n);
	}
	arch_irq_restore(flags);
	return queued;
}

void console_lock(void)
{
	cpuid_t me;

	if (!console_arch_locking_ready())
		return;
	me = this_cpu()->id;
	/* Fatal paths only: they may wait, and for as long as the holder takes. */
	if (READ_ONCE(out.owner) != me)
		while (!try_own(me))
			arch_wait_event();
	if (out.depth++ == 0)
		drain(UINT32_MAX);
}

void console_unlock(void)
{
	if (!console_arch_locking_ready())
		return;
	/* What queued up meanwhile goes out before it lets go: it may wait. */
	if (--out.depth == 0) {
		drain(UINT32_MAX);
		disown();
	}
}

bool console_wants_tick(void)
{
	return console_lines_pending() || left[this_cpu()->id];
}

void console_tick(void)
{
	console_lines_tick();
	try_drain(TICK_BYTES);
}

bool console_read_byte(char *c)
{
	return console_arch_getc(c);
}

int kprintf(const char *fmt, ...)
{
	static const char cut[] = "[...]\n";
	char line[CONSOLE_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= CONSOLE_LINE_MAX) {
		/* Too long: keep the head, say so, and still end the line. */
		n = CONSOLE_LINE_MAX - sizeof(cut);
		for (size_t i = 0; i < sizeof(cut); i++)
			line[n + i] = cut[i];
		n += sizeof(cut) - 1;
	}
	console_write(line, (size_t)n);
	return n;
}
