// SPDX-License-Identifier: MIT
/*
 * User-level test suite of the kernel's system calls, run by the root task:
 * each call's success path and documented errors, rights, priorities and
 * preemption, suspension, faults without a handler, kernel-memory
 * exhaustion confined to one space. KTAP output; pytest checks each name.
 */
#include <shared/string.h>

#include <cella/arch.h>
#include <cella/lib.h>

#include "root.h"

#define SPACE_TABLE_SLOTS 256 /* handle slots of a space (kernel/include/space.h) */
#define SPACE_TEST_VIEW	  (USER_BASE + 0x00e00000) /* where a test looks at memory it was given */
#define TEST_UNMAPPABLE	  (USER_BASE + 0x00500000) /* a map there lacks the rights */
#define TEST_PAGE	  (USER_BASE + 0x00600000) /* a page the root task maps for a test */
#define TEST_STACK	  (USER_BASE + 0x00700000) /* another space's stack page */
#define TEST_STACK_TOP	  (TEST_STACK + 0x4000)

const struct bootinfo *boot_info;

/* The stack of starts that must be refused (never run on). */
static unsigned int refused_stack[8] __attribute__((aligned(8)));

/* Shared with the test threads (same space: same memory). */
static volatile char order[8];
static volatile int order_len;
static volatile unsigned int counters[2];
static volatile int stop_spinning;
static volatile int reached_after_fault;

static void note(unsigned int c)
{
	order[order_len++] = (char)c;
}

static void note_and_exit(unsigned int c)
{
	note(c);
	sys_thread_exit();
}

static void spin(unsigned int i)
{
	while (!stop_spinning)
		counters[i]++;
	sys_thread_exit();
}

static void stop_spinners(void)
{
	stop_spinning = 1;
	sys_sleep(50 * MS); /* they are lower priority: let them see it and exit */
	stop_spinning = 0;
}

static void test_debug_write(void)
{
	static const char line[] = "# debug write from user level\n";

	CHECK_EQ(sys_debug_write(line, sizeof(line) - 1), sizeof(line) - 1);
	CHECK_EQ(sys_debug_write((const char *)0x10, 4), ERR_FAULT);
	CHECK_EQ(sys_debug_write((const char *)(ROOT_STACK_TOP - 2), 8), ERR_FAULT);
	CHECK_EQ(sys_debug_write(line, 100000), ERR_INVALID);
	CHECK_EQ(sys_debug_write((const char *)BOOTINFO_ADDR, 0), 0);
}

static void test_bad_syscall_number(void)
{
	CHECK_EQ(syscall6(SYS_COUNT, 0, 0, 0, 0, 0, 0), ERR_NO_SYSCALL);
	CHECK_EQ(syscall6(0xffffffff, 0, 0, 0, 0, 0, 0), ERR_NO_SYSCALL);
}

/*
 * `svc` with another number than 0, or from Thumb state, is a system call
 * all the same (the kernel's trap entry compares the syndrome of an ARM
 * `svc #0` alone and sends these the long way).
 */
static int poll_svc1(handle_t n)
{
	register unsigned int r0 __asm__("r0") = n;
	register unsigned int r7 __asm__("r7") = SYS_POLL;

	__asm__ volatile("svc #1" : "+r"(r0) : "r"(r7) : "r1", "memory");
	return (int)r0;
}

__attribute__((target("thumb"), noinline)) static int poll_thumb(handle_t n)
{
	register unsigned int r0 __asm__("r0") = n;
	register unsigned int r7 __asm__("r7") = SYS_POLL;

	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r7) : "r1", "memory");
	return (int)r0;
}

static void test_svc_numbered_or_thumb(void)
{
	CHECK_EQ(poll_svc1(0), ERR_BAD_HANDLE);
	CHECK_EQ(poll_thumb(0), ERR_BAD_HANDLE);
	CHECK_EQ(poll_svc1(boot_info->self_thread), ERR_WRONG_TYPE);
	CHECK_EQ(poll_thumb(boot_info->self_thread), ERR_WRONG_TYPE);
}

static void test_bad_handles(void)
{
	CHECK_EQ(sys_thread_set_prio(0, 1), ERR_BAD_HANDLE);
	CHECK_EQ(sys_thread_set_prio(12345, 1), ERR_BAD_HANDLE);
	CHECK_EQ(sys_thread_set_prio(0xffffffff, 1), ERR_BAD_HANDLE);
	CHECK_EQ(sys_thread_set_prio(boot_info->self_space, 1), ERR_WRONG_TYPE);
	CHECK_EQ(sys_kmem_available(boot_info->self_thread), ERR_WRONG_TYPE);
}

static void test_handle_close_makes_stale(void)
{
	int h = sys_handle_copy(boot_info->self_thread, boot_info->self_space, RIGHTS_ALL, 0);

	CHECK(h > 0);
	CHECK_EQ(sys_handle_close(h), 0);
	CHECK_EQ(sys_handle_close(h), ERR_BAD_HANDLE);
	CHECK_EQ(sys_thread_set_prio(h, ROOT_PRIO), ERR_BAD_HANDLE);
}

/* Each right, tried without it. */
static void test_rights_enforced(void)
{
	int t = sys_handle_copy(boot_info->self_thread, boot_info->self_space,
				RIGHTS_ALL & ~RIGHT_MANAGE, 0);
	int s = sys_handle_copy(boot_info->self_space, boot_info->self_space, RIGHT_READ, 0);
	int s_noread =
		sys_handle_copy(boot_info->self_space, boot_info->self_space, RIGHT_MANAGE, 0);
	int m = sys_handle_copy(carve(4096), boot_info->self_space, RIGHT_READ | RIGHT_MANAGE, 0);

	CHECK(t > 0 && s > 0 && s_noread > 0 && m > 0);
	CHECK_EQ(sys_thread_set_prio(t, ROOT_PRIO), ERR_NO_RIGHTS);
	CHECK_EQ(sys_thread_suspend(t), ERR_NO_RIGHTS);
	CHECK_EQ(sys_thread_resume(t), ERR_NO_RIGHTS);
	CHECK_EQ(sys_thread_start(t, note_and_exit, &refused_stack[8], 0), ERR_NO_RIGHTS);
	CHECK_EQ(sys_thread_create(s, 0, 1, 1), ERR_NO_RIGHTS);
	CHECK_EQ(sys_memory_map(s, boot_info->self_image, TEST_UNMAPPABLE, RIGHT_READ),
		 ERR_NO_RIGHTS);
	CHECK_EQ(sys_kmem_available(s_noread), ERR_NO_RIGHTS);
	CHECK_EQ(sys_kmem_donate(s, m), ERR_NO_RIGHTS);
	/* m has read but neither map nor write. */
	CHECK_EQ(sys_memory_map(boot_info->self_space, m, TEST_UNMAPPABLE, RIGHT_READ),
		 ERR_NO_RIGHTS);
	CHECK_EQ(sys_kmem_donate(boot_info->self_space, m), ERR_NO_RIGHTS);
	CHECK_EQ(sys_handle_copy(t, boot_info->self_space, RIGHTS_ALL, 0) > 0, 1);
}

static void test_thread_create_start(void)
{
	order_len = 0;
	int t = spawn(note_and_exit, ROOT_PRIO - 10, ROOT_PRIO - 10, 'c');

	CHECK(t > 0);
	CHECK_EQ(order_len, 0); /* lower priority: not yet */
	CHECK_EQ(sys_sleep(20 * MS), 0);
	CHECK_EQ(order_len, 1);
	CHECK_EQ(order[0], 'c');
	CHECK_EQ(sys_thread_start(t, note_and_exit, &refused_stack[8], 0), ERR_STATE);
	CHECK_EQ(sys_handle_close(t), 0);
}

static void test_thread_create_errors(void)
{
	CHECK_EQ(sys_thread_create(boot_info->self_space, 0, 11, 10), ERR_INVALID);
	CHECK_EQ(sys_thread_create(boot_info->self_space, 0, 10, 256), ERR_INVALID);
	CHECK_EQ(sys_thread_create(boot_info->self_space, 99, 10, 10), ERR_INVALID);
	CHECK_EQ(sys_thread_create(boot_info->self_thread, 0, 10, 10), ERR_WRONG_TYPE);
}

static void test_higher_priority_preempts(void)
{
	order_len = 0;
	CHECK(spawn(note_and_exit, ROOT_PRIO + 50, ROOT_PRIO + 50, 'H') > 0);
	note('R');
	CHECK(spawn(note_and_exit, ROOT_PRIO - 50, ROOT_PRIO - 50, 'L') > 0);
	note('R');
	CHECK_EQ(sys_sleep(20 * MS), 0);
	CHECK_EQ(order_len, 4);
	CHECK(memcmp((const void *)order, "HRRL", 4) == 0);
}

static void test_priority_limit(void)
{
	int t = spawn(spin, ROOT_PRIO - 40, ROOT_PRIO - 30, 0);

	CHECK(t > 0);
	CHECK_EQ(sys_thread_set_prio(t, ROOT_PRIO - 29), ERR_INVALID);
	CHECK_EQ(sys_thread_set_prio(t, 256), ERR_INVALID);
	CHECK_EQ(sys_thread_set_prio(t, ROOT_PRIO - 30), 0);
	stop_spinners();
}

static void test_round_robin(void)
{
	counters[0] = counters[1] = 0;
	CHECK(spawn(spin, ROOT_PRIO - 20, ROOT_PRIO - 20, 0) > 0);
	CHECK(spawn(spin, ROOT_PRIO - 20, ROOT_PRIO - 20, 1) > 0);
	/* Both must run; on a busy host a core may get little time, so allow 2 s. */
	for (int i = 0; i < 40 && !(counters[0] && counters[1]); i++)
		CHECK_EQ(sys_sleep(50 * MS), 0);
	printf("# counters: %u %u\n", counters[0], counters[1]);
	CHECK(counters[0] > 0 && counters[1] > 0);
	stop_spinners();
}

static void test_suspend_resume(void)
{
	counters[0] = 0;
	int t = spawn(spin, ROOT_PRIO - 20, ROOT_PRIO - 20, 0);

	CHECK_EQ(sys_sleep(30 * MS), 0);
	CHECK_EQ(sys_thread_suspend(t), 0);
	CHECK_EQ(sys_thread_suspend(t), ERR_STATE);
	unsigned int frozen = counters[0];

	CHECK(frozen > 0);
	CHECK_EQ(sys_sleep(30 * MS), 0);
	CHECK_EQ(counters[0], frozen);
	CHECK_EQ(sys_thread_resume(t), 0);
	CHECK_EQ(sys_thread_resume(t), ERR_STATE);
	CHECK_EQ(sys_sleep(30 * MS), 0);
	CHECK(counters[0] > frozen);
	stop_spinners();
}

static void write_null(unsigned int unused)
{
	*(volatile unsigned int *)0 = 1;
	reached_after_fault = 1;
	sys_thread_exit();
}

static void undefined(unsigned int unused)
{
	__asm__ volatile("udf #1");
	reached_after_fault = 1;
	sys_thread_exit();
}

static void jump_nowhere(unsigned int unused)
{
	((void (*)(void))0x40000000)();
	reached_after_fault = 1;
	sys_thread_exit();
}

/* A faulting thread with no handler is stopped and reported; we go on. */
static void test_faults_stop_the_thread(void)
{
	void (*const faulty[])(unsigned int) = {write_null, undefined, jump_nowhere};

	for (unsigned int i = 0; i < 3; i++) {
		reached_after_fault = 0;
		CHECK(spawn(faulty[i], ROOT_PRIO + 1, ROOT_PRIO + 1, 0) > 0);
		CHECK_EQ(reached_after_fault, 0);
	}
}

static void test_memory_split_and_map(void)
{
	handle_t m = carve(8192);
	volatile unsigned int *p = (volatile unsigned int *)TEST_PAGE;

	CHECK_EQ(sys_memory_split(m, 0), ERR_INVALID);
	CHECK_EQ(sys_memory_split(m, 100), ERR_INVALID);
	CHECK_EQ(sys_memory_split(m, 8192), ERR_INVALID);
	CHECK_EQ(sys_memory_map(boot_info->self_space, m, TEST_PAGE, 0), ERR_INVALID);
	CHECK_EQ(sys_memory_map(boot_info->self_space, m, TEST_PAGE, RIGHT_READ | RIGHT_WRITE), 0);
	p[0] = 0x12345678;
	p[2047] = 0x9abcdef0;
	CHECK_EQ(p[0], 0x12345678);
	CHECK_EQ(p[2047], 0x9abcdef0);
	CHECK_EQ(sys_memory_map(boot_info->self_space, m, TEST_PAGE, RIGHT_READ), ERR_EXISTS);
	CHECK_EQ(sys_memory_map(boot_info->self_space, m, TEST_PAGE + 0x100, RIGHT_READ),
		 ERR_INVALID);
	CHECK_EQ(sys_memory_split(m, 4096), ERR_STATE);
	CHECK_EQ(sys_kmem_donate(boot_info->self_space, m), ERR_STATE);
}

/* Run in the second space: create threads until its kernel memory runs out. */
static volatile int exhaust_count, exhaust_error, exhaust_done;

static void exhaust(unsigned int own_space)
{
	int err;

	while ((err = sys_thread_create(own_space, 0, 10, 10)) > 0)
		exhaust_count++;
	exhaust_error = err;
	exhaust_done = 1;
	sys_thread_exit();
}

/* One space runs out of kernel memory; the root task's is untouched. */
static void test_kmem_exhaustion_is_confined(void)
{
	handle_t kmem = carve(64 << 10), stack = carve(16 << 10), more = carve(16 << 10);
	int s = sys_space_create(kmem, 0);

	CHECK(s > 0);
	CHECK_EQ(sys_space_create(kmem, 0), ERR_STATE);
	CHECK_EQ(sys_memory_map(s, boot_info->self_image, ROOT_IMAGE_ADDR,
				RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC),
		 0);
	CHECK_EQ(sys_memory_map(s, stack, TEST_STACK, RIGHT_READ | RIGHT_WRITE), 0);
	int own = sys_handle_copy(s, s, RIGHTS_ALL, 0);
	int t = sys_thread_create(s, 0, ROOT_PRIO - 10, ROOT_PRIO - 10);
	int root_before = sys_kmem_available(boot_info->self_space);

	CHECK(own > 0 && t > 0);
	CHECK_EQ(sys_thread_start(t, exhaust, (void *)TEST_STACK_TOP, own), 0);
	for (int i = 0; i < 100 && !exhaust_done; i++)
		sys_sleep(10 * MS);
	printf("# second space: %d threads, then %s; %d bytes left\n", exhaust_count,
	       err_name(exhaust_error), sys_kmem_available(s));
	CHECK(exhaust_done);
	CHECK(exhaust_count > 0);
	CHECK_EQ(exhaust_error, ERR_NO_MEMORY);
	CHECK(sys_kmem_available(s) < 256);
	CHECK_EQ(sys_kmem_available(boot_info->self_space), root_before);
	CHECK(sys_thread_create(boot_info->self_space, 0, 1, 1) > 0);
	CHECK_EQ(sys_kmem_donate(s, more), 0);
	CHECK(sys_kmem_available(s) >= (16 << 10));
}

static void test_handle_copy_needs_grant(void)
{
	int s = sys_space_create(carve(32 << 10), 0);
	int no_grant =
		sys_handle_copy(boot_info->self_thread, boot_info->self_space, RIGHT_MANAGE, 0);

	CHECK(s > 0 && no_grant > 0);
	CHECK_EQ(sys_handle_copy(no_grant, s, RIGHTS_ALL, 0), ERR_NO_RIGHTS);
	CHECK(sys_handle_copy(boot_info->self_thread, s, RIGHT_MANAGE, 0) > 0);
	CHECK_EQ(sys_handle_copy(boot_info->self_thread, boot_info->self_thread, RIGHTS_ALL, 0),
		 ERR_WRONG_TYPE);
	/* A badge is set once: copies of a badged handle keep it, none gets another. */
	int ep = sys_endpoint_create(),
	    badged = sys_handle_copy(ep, boot_info->self_space, RIGHTS_ALL, 0x11);

	CHECK(ep > 0 && badged > 0);
	CHECK_EQ(sys_handle_copy(badged, boot_info->self_space, RIGHTS_ALL, 0x22), ERR_NO_RIGHTS);
	CHECK(sys_handle_copy(badged, boot_info->self_space, RIGHTS_ALL, 0x11) > 0);
	CHECK(sys_handle_copy(badged, boot_info->self_space, RIGHTS_ALL, 0) > 0);
}

/*
 * A space whose handle has no room is not made: nothing of it is left in
 * its memory, no VMID is lost (a core has 64), and the memory can still
 * become a space once there is room.
 */
static void test_space_create_with_a_full_table(void)
{
	static handle_t fill[SPACE_TABLE_SLOTS];
	handle_t mem = carve(16 << 10);
	unsigned int n = 0;
	int ep, err = 0;

	while (n < SPACE_TABLE_SLOTS && (ep = sys_endpoint_create()) > 0)
		fill[n++] = (handle_t)ep;
	CHECK_EQ(ep, ERR_NO_MEMORY);
	for (int i = 0; i < 100 && !err; i++) /* more than a core's VMIDs */
		err = sys_space_create(mem, 0) == ERR_NO_MEMORY ? 0 : 1;
	CHECK_EQ(err, 0);
	for (unsigned int i = 0; i < n; i++)
		sys_handle_close(fill[i]);
	CHECK_EQ(sys_memory_map(boot_info->self_space, mem, SPACE_TEST_VIEW, RIGHT_READ), 0);
	CHECK_EQ(*(volatile unsigned int *)SPACE_TEST_VIEW, 0); /* untouched */
	CHECK(sys_space_create(carve(16 << 10), 0) > 0);
}

/* TPIDRURW, the thread register user code may write (Linux's TLS pointer). */
static unsigned int tls_read(void)
{
	unsigned int v;

	__asm__ volatile("mrc p15, 0, %0, c13, c0, 2" : "=r"(v));
	return v;
}

static void tls_write(unsigned int v)
{
	__asm__ volatile("mcr p15, 0, %0, c13, c0, 2" ::"r"(v));
}

static volatile unsigned int tls_seen[4];
static volatile int tls_done;

/* In the other space: what it finds, then its own value, through a yield and a call. */
static void tls_other(unsigned int ep)
{
	struct msg m = {0};

	static const char escapes[] = "# from another space: \x1b[1mbold\x1b[0m\r\n";

	sys_debug_write(escapes, sizeof(escapes) - 1); /* defanged: not the root task */
	tls_seen[0] = tls_read();		       /* its own, never set: 0 */
	tls_write(0xb0b0b0b0);
	sys_yield();
	tls_seen[1] = tls_read();
	sys_recv(ep, &m, TIMEOUT_FOREVER); /* the call comes by the fast path */
	tls_seen[2] = tls_read();
	m = (struct msg){.info = IPC_INFO(0, 0)};
	sys_reply(&m);
	tls_done = 1;
	sys_thread_exit();
}

/* Two spaces on one core see nothing of each other's thread register. */
static void test_tls_is_per_thread(void)
{
	if (!ARCH_HAS_TLS_REGISTER) {
		ktap_skip("no thread register on this core (TPIDRURW came with ARMv6K)");
		return;
	}
	handle_t stack = carve(16 << 10);
	int s = sys_space_create(carve(32 << 10), 0);
	int ep = sys_endpoint_create();
	int ep_there = s > 0 && ep > 0 ? sys_handle_copy(ep, s, RIGHT_RECV, 0) : -1;
	int t = s > 0 ? sys_thread_create(s, 0, ROOT_PRIO, ROOT_PRIO) : -1;
	struct msg m = {.info = IPC_INFO(0, 0)};

	CHECK(s > 0 && ep > 0 && ep_there > 0 && t > 0);
	CHECK_EQ(sys_memory_map(s, boot_info->self_image, ROOT_IMAGE_ADDR,
				RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC),
		 0);
	CHECK_EQ(sys_memory_map(s, stack, TEST_STACK, RIGHT_READ | RIGHT_WRITE), 0);
	tls_write(0xa11ce000);
	CHECK_EQ(sys_thread_start(t, tls_other, (void *)TEST_STACK_TOP, ep_there), 0);
	sys_yield(); /* it runs, writes its own, yields back */
	CHECK_EQ(tls_read(), 0xa11ce000);
	sys_yield();
	CHECK_EQ(sys_call(ep, &m, TIMEOUT_FOREVER), 0);
	CHECK_EQ(tls_read(), 0xa11ce000);
	for (int i = 0; i < 100 && !tls_done; i++)
		sys_sleep(MS);
	CHECK(tls_done);
	CHECK_EQ(tls_seen[0], 0);
	CHECK_EQ(tls_seen[1], 0xb0b0b0b0);
	CHECK_EQ(tls_seen[2], 0xb0b0b0b0);
	tls_write(0);
}

static volatile int quota_mem[3], quota_result[3];
static volatile int quota_done;

/* In a space that may create one space: what its three attempts return. */
static void quota_other(unsigned int unused)
{
	quota_result[0] = sys_space_create((handle_t)quota_mem[0], 0x10000); /* too many to grant */
	quota_result[1] = sys_space_create((handle_t)quota_mem[1], 0);	     /* its one */
	quota_result[2] = sys_space_create((handle_t)quota_mem[2], 0);	     /* one too many */
	quota_done = 1;
	sys_thread_exit();
}

/*
 * Spaces are charged: each takes a VMID and is never destroyed, so a space
 * may create only as many as its creator granted it (a cell gets none and
 * cannot drain its core's 64 VMIDs).
 */
static void test_space_create_is_charged(void)
{
	handle_t stack = carve(16 << 10);
	int s = sys_space_create(carve(32 << 10), 1);
	int t = s > 0 ? sys_thread_create(s, 0, ROOT_PRIO, ROOT_PRIO) : -1;

	CHECK(s > 0 && t > 0);
	CHECK_EQ(sys_space_create(carve(16 << 10), 0x10000), ERR_INVALID);
	for (int i = 0; i < 3; i++)
		quota_mem[i] = sys_handle_copy(carve(16 << 10), s, RIGHTS_ALL, 0);
	CHECK(quota_mem[0] > 0 && quota_mem[1] > 0 && quota_mem[2] > 0);
	CHECK_EQ(sys_memory_map(s, boot_info->self_image, ROOT_IMAGE_ADDR,
				RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC),
		 0);
	CHECK_EQ(sys_memory_map(s, stack, TEST_STACK, RIGHT_READ | RIGHT_WRITE), 0);
	CHECK_EQ(sys_thread_start(t, quota_other, (void *)TEST_STACK_TOP, 0), 0);
	for (int i = 0; i < 100 && !quota_done; i++)
		sys_sleep(MS);
	CHECK(quota_done);
	CHECK_EQ(quota_result[0], ERR_INVALID);
	CHECK(quota_result[1] > 0);
	CHECK_EQ(quota_result[2], ERR_NO_MEMORY);
}

static volatile int tag_done;

/* In a tagged space: a forged kernel line in two writes, then a line it never ends. */
static void tag_other(unsigned int unused)
{
	static const char head[] = "cella: forged";
	static const char tail[] = " from a tagged space\x1b[2J\r\n";

	sys_debug_write(head, sizeof(head) - 1);
	sys_debug_write(tail, sizeof(tail) - 1);
	sys_debug_write("unfinished", 10); /* the kernel ends it within two ticks */
	tag_done = 1;
	sys_thread_exit();
}

/* SYS_CONSOLE_TAG's errors, then what a tagged space's lines look like (test_user.py). */
static void test_console_tag(void)
{
	static const char long_tag[] = "a-tag-of-thirty-two-characters-x";
	handle_t stack = carve(16 << 10);
	int s = sys_space_create(carve(32 << 10), 0);
	int ep = sys_endpoint_create();
	int read_only = s > 0 ? sys_handle_copy(s, boot_info->self_space, RIGHT_READ, 0) : -1;
	int t = s > 0 ? sys_thread_create(s, 0, ROOT_PRIO, ROOT_PRIO) : -1;

	CHECK(s > 0 && ep > 0 && read_only > 0 && t > 0);
	CHECK_EQ(sys_console_tag(ep, "x", 1), ERR_WRONG_TYPE);
	CHECK_EQ(sys_console_tag(read_only, "x", 1), ERR_NO_RIGHTS);
	CHECK_EQ(sys_console_tag(boot_info->self_space, "root", 4), ERR_INVALID);
	CHECK_EQ(sys_console_tag(s, long_tag, sizeof(long_tag) - 1), ERR_INVALID);
	CHECK_EQ(sys_console_tag(s, "cella:", 6), ERR_INVALID);
	CHECK_EQ(sys_console_tag(s, "a\x1b[2J", 5), ERR_INVALID);
	CHECK_EQ(sys_console_tag(s, (const char *)0x10, 4), ERR_FAULT);
	CHECK_EQ(sys_console_tag(s, "other", 5), 0);
	CHECK_EQ(sys_console_tag(s, "tagged", 6), 0); /* a new tag replaces the old */
	CHECK_EQ(sys_memory_map(s, boot_info->self_image, ROOT_IMAGE_ADDR,
				RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC),
		 0);
	CHECK_EQ(sys_memory_map(s, stack, TEST_STACK, RIGHT_READ | RIGHT_WRITE), 0);
	CHECK_EQ(sys_thread_start(t, tag_other, (void *)TEST_STACK_TOP, 0), 0);
	for (int i = 0; i < 100 && !tag_done; i++)
		sys_sleep(MS);
	CHECK(tag_done);
	sys_sleep(50 * MS); /* its unfinished line comes out meanwhile */
	sys_handle_close((handle_t)ep);
	sys_handle_close((handle_t)read_only);
}

static const struct utest tests[] = {
	{"sys_debug_write", test_debug_write},
	{"sys_bad_number", test_bad_syscall_number},
	{"sys_svc_numbered_or_thumb", test_svc_numbered_or_thumb},
	{"handle_bad_and_wrong_type", test_bad_handles},
	{"handle_close_makes_stale", test_handle_close_makes_stale},
	{"handle_rights_enforced", test_rights_enforced},
	{"handle_copy_needs_grant", test_handle_copy_needs_grant},
	{"thread_create_start", test_thread_create_start},
	{"thread_create_errors", test_thread_create_errors},
	{"sched_higher_priority_preempts", test_higher_priority_preempts},
	{"sched_priority_limit", test_priority_limit},
	{"sched_round_robin", test_round_robin},
	{"thread_suspend_resume", test_suspend_resume},
	{"fault_without_handler_stops_thread", test_faults_stop_the_thread},
	{"memory_split_and_map", test_memory_split_and_map},
	{"kmem_exhaustion_confined", test_kmem_exhaustion_is_confined},
	{"tls_is_per_thread", test_tls_is_per_thread},
	{"space_create_with_a_full_table", test_space_create_with_a_full_table},
	{"space_create_is_charged", test_space_create_is_charged},
	{"console_tag", test_console_tag},
};

void root_run_tests(const struct bootinfo *info)
{
	ktap_run("user-level system-call tests", tests, sizeof(tests) / sizeof(tests[0]));
	root_run_ipc_tests();
	root_run_irq_tests();
	root_run_smp_tests();
	root_run_vcpu_tests();
	root_run_space_tests();
	root_run_atomic_tests();
}
