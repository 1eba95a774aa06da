// SPDX-License-Identifier: MIT
/*
 * The console's system calls: write (a cell's lines marked as its own,
 * defanged, and kept on their core until whole), read (the root task's
 * alone) and tag (the name a space's lines are marked with).
 */
#include <atomic.h>
#include <console.h>
#include <cpu.h>
#include <err.h>
#include <handle.h>
#include <root.h>
#include <space.h>
#include <syscall.h>
#include <thread.h>
#include <uaccess.h>

#include <shared/format.h>

#define DEBUG_WRITE_MAX	 256 /* bytes per call: a line, not a log */
#define CONSOLE_READ_MAX 64  /* bytes per call: more than the UART's FIFO holds */
#define MARK_MAX	 (CONSOLE_TAG_MAX + 3)

/*
 * The line a space other than the root task's is writing on this core,
 * kept until its newline so that nothing splits it: queued whole when it
 * ends, fills, another space writes on this core, or it has waited a whole
 * tick. Only its core touches it, with interrupts masked (system calls and
 * the tick). A space's threads on several cores write separate lines.
 */
static struct line {
	uint32_t id;  /* the console id of the space whose line it is; 0: none */
	uint32_t len; /* bytes in buf, its mark first; 0: no line */
	bool waited;  /* a tick came since it last grew */
	char buf[CONSOLE_LINE_MAX];
} __aligned(CACHE_LINE) lines[CONFIG_MAX_CPUS];

STATIC_ASSERT(MARK_MAX < CONSOLE_LINE_MAX / 2, "a mark leaves room for the line");

/* A number for @s's lines, given on its first one: no other space gets it. */
static uint32_t console_id(struct space *s)
{
	static uint32_t last;
	uint32_t id = atomic_load(&s->console.id, __ATOMIC_RELAXED);
	uint32_t fresh;

	if (id)
		return id;
	fresh = atomic_fetch_add(&last, 1, __ATOMIC_RELAXED) + 1;
	/* Two cores at a space's first line at once: one number wins. */
	if (atomic_cmpxchg(&s->console.id, &id, fresh, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return fresh;
	return id;
}

/* "TAG| ", or "space ID| " for a space without a tag, at the start of @buf. */
static uint32_t mark(const struct space *s, uint32_t id, char *buf)
{
	uint32_t n = 0;
	char c;

	while (n < CONSOLE_TAG_MAX && (c = READ_ONCE(s->console.tag[n])))
		buf[n++] = c;
	if (!n)
		n = (uint32_t)format(buf, MARK_MAX, "space %u", id);
	buf[n++] = '|';
	buf[n++] = ' ';
	return n;
}

/* Queue @l whole, ended by a newline. */
static void line_end(struct line *l)
{
	if (!l->len)
		return;
	if (l->buf[l->len - 1] != '\n')
		l->buf[l->len++] = '\n';
	console_write(l->buf, l->len);
	l->len = 0;
	l->id = 0;
}

/*
 * Only the root task (the operator's console) may send control characters:
 * from anyone else every byte but printable ASCII, newline and tab becomes
 * '?', so that a cell can neither move the cursor nor rewrite what the
 * operator sees (bytes above 0x7e included: 0x9b is CSI to some terminals).
 */
static char defang(char c)
{
	return (c >= ' ' && c < 0x7f) || c == '\n' || c == '\t' ? c : '?';
}

/* Add @n bytes of @s to this core's line, ending it at each newline or when full. */
static void line_add(struct space *s, const char *buf, uint32_t n)
{
	struct line *l = &lines[this_cpu()->id];
	uint32_t id = console_id(s);

	for (uint32_t i = 0; i < n; i++) {
		if (l->id != id) {
			line_end(l);
			l->id = id;
			l->len = mark(s, id, l->buf);
		}
		l->buf[l->len++] = defang(buf[i]);
		/* Full: end it here, leaving room for its newline. */
		if (buf[i] == '\n' || l->len == CONSOLE_LINE_MAX - 1)
			line_end(l);
	}
	l->waited = false;
}

bool console_lines_pending(void)
{
	return lines[this_cpu()->id].len != 0;
}

void console_lines_tick(void)
{
	struct line *l = &lines[this_cpu()->id];

	if (l->len && l->waited)
		line_end(l);
	l->waited = true;
}

/* (ptr, len) -> len: the root task's bytes as they are, anyone else's as lines marked as theirs. */
int sys_debug_write(struct thread *self, const uint32_t *args)
{
	char buf[DEBUG_WRITE_MAX];
	uint32_t len = args[1];
	int err;

	if (len > sizeof(buf))
		return ERR_INVALID;
	err = copy_from_user(self->space, buf, args[0], len);
	if (err)
		return err;
	if (self->space == root_space())
		console_write(buf, len);
	else
		line_add(self->space, buf, len);
	return (int)len;
}

/* (ptr, len) -> bytes: what the console received, without waiting; the root task's alone. */
int sys_console_read(struct thread *self, const uint32_t *args)
{
	char buf[CONSOLE_READ_MAX];
	uint32_t len = args[1];
	uint32_t n = 0;

	if (self->space != root_space())
		return ERR_NO_RIGHTS;
	if (len > sizeof(buf))
		return ERR_INVALID;
	if (!user_access_ok(self->space, args[0], len, RIGHT_WRITE))
		return ERR_FAULT;
	while (n < len && console_read_byte(&buf[n]))
		n++;
	int err = copy_to_user(self->space, args[0], buf, n);

	return err ? err : (int)n;
}

/* Letters, digits, '-', '_' and '.': nothing a terminal acts on, no ':' or '|'. */
static bool tag_ok(const char *tag, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		char c = tag[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* (space, ptr, len) -> 0: mark the space's lines "TAG| " from now on; len 0: "space ID| ". */
int sys_console_tag(struct thread *self, const uint32_t *args)
{
	char tag[CONSOLE_TAG_MAX];
	struct handle_slot slot;
	uint32_t len = args[2];
	struct space *s;
	int err = handle_get(&self->space->handles, args[0], KOBJ_SPACE, RIGHT_MANAGE, &slot);

	if (err)
		return err;
	s = (struct space *)slot.obj;
	if (len > sizeof(tag) || s == root_space())
		err = ERR_INVALID;
	else if (!(err = copy_from_user(self->space, tag, args[1], len)) && !tag_ok(tag, len))
		err = ERR_INVALID;
	if (!err) {
		for (uint32_t i = 0; i < len; i++)
			WRITE_ONCE(s->console.tag[i], tag[i]);
		WRITE_ONCE(s->console.tag[len], '\0');
	}
	kobj_put(slot.obj);
	return err;
}
