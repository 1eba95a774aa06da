// SPDX-License-Identifier: MIT
/*
 * User-level IPC test suite: call and reply with badges, long messages
 * through the IPC buffer, handle transfer (and its right), timeouts (zero
 * and finite), each documented error, notifications, fault handlers that
 * fix and resume, redirect or stop, fault messages naming the instruction in
 * ARM and in Thumb state, and endpoints destroyed under waiters.
 */
#include <cella/lib.h>

#include "root.h"

#define SERVER_PRIO	 (ROOT_PRIO + 10) /* servers run as soon as they can */
#define BADGE		 0x7a
#define US		 1000u
#define FIXED_BY_HANDLER (USER_BASE + 0x00a00010) /* unmapped until the fault handler maps it */

static struct ipc_buffer root_buf, server_buf;
static handle_t ep; /* the echo server's endpoint, all rights */
static volatile unsigned int served, server_status;
static volatile unsigned int received_len, received_sum, signalled_bits;

/* Echo: reply with the badge, the words + 1, and the sum of buffer words. */
static void echo_server(unsigned int endpoint)
{
	struct msg m = {0};
	int err = sys_recv(endpoint, &m, TIMEOUT_FOREVER);

	while (!err) {
		unsigned int len = m.info & IPC_LEN_MASK, sum = 0;

		for (unsigned int i = IPC_REG_WORDS; i < len && !(m.info & IPC_TRUNCATED); i++)
			sum += server_buf.mr[i];
		received_len = len;
		received_sum = sum;
		if (m.info & IPC_HANDLE) /* a notification: ring it */
			sys_signal(server_buf.handle, 0x40);
		m = (struct msg){.info = IPC_INFO(IPC_LABEL(m.info) + 1, 4),
				 .mr = {m.badge, m.mr[0] + 1, m.mr[1] + 1, sum}};
		served++;
		err = sys_reply_recv(endpoint, &m, TIMEOUT_FOREVER);
	}
	server_status = (unsigned int)err;
	sys_thread_exit();
}

static void test_call_reply_badge(void)
{
	int badged = sys_handle_copy(ep, boot_info->self_space, RIGHT_SEND, BADGE);
	struct msg m = {.info = IPC_INFO(5, 2), .mr = {10, 20, 0, 0}};

	CHECK(badged > 0);
	CHECK_EQ(sys_call(badged, &m, TIMEOUT_FOREVER), 0);
	CHECK_EQ(IPC_LABEL(m.info), 6);
	CHECK_EQ(m.mr[0], BADGE);
	CHECK_EQ(m.mr[1], 11);
	CHECK_EQ(m.mr[2], 21);
	m = (struct msg){.info = IPC_INFO(1, 0)};
	CHECK_EQ(sys_call(ep, &m, TIMEOUT_FOREVER), 0);
	CHECK_EQ(m.mr[0], 0); /* the unbadged handle */
}

/*
 * Every shape a message in registers can have, and the first that cannot:
 * 0 to IPC_REG_WORDS + 1 words, through a badged handle and a plain one.
 * The fast path takes the short ones; tests/qemu/test_user.py also boots
 * with ipc_fastpath=off, so both paths must give exactly these replies.
 */
static void test_every_register_shape(void)
{
	int badged = sys_handle_copy(ep, boot_info->self_space, RIGHT_SEND, BADGE);

	CHECK(badged > 0);
	for (unsigned int len = 0; len <= IPC_REG_WORDS + 1; len++) {
		for (unsigned int b = 0; b < 2; b++) {
			unsigned int label = 100 + len * 2 + b;
			struct msg m = {.info = IPC_INFO(label, len),
					.mr = {0x1000 + len, 0x2000 + b, 0x3000, 0x4000}};

			root_buf.mr[IPC_REG_WORDS] = 0x5000 + len; /* read only if len > 4 */
			CHECK_EQ(sys_call(b ? (handle_t)badged : ep, &m, TIMEOUT_FOREVER), 0);
			CHECK_EQ(received_len, len);
			CHECK_EQ(m.info, IPC_INFO(label + 1, 4));
			CHECK_EQ(m.mr[0], b ? BADGE : 0);
			CHECK_EQ(m.mr[1], 0x1000 + len + 1);
			CHECK_EQ(m.mr[2], 0x2000 + b + 1);
			CHECK_EQ(m.mr[3], len > IPC_REG_WORDS ? 0x5000 + len : 0);
			CHECK_EQ(m.badge, 0); /* a reply carries no badge */
		}
	}
	sys_handle_close((handle_t)badged);
}

static void test_long_message(void)
{
	struct msg m = {.info = IPC_INFO(1, IPC_MSG_MAX)};
	unsigned int sum = 0;

	for (unsigned int i = IPC_REG_WORDS; i < IPC_MSG_MAX; i++)
		sum += root_buf.mr[i] = i * 7;
	CHECK_EQ(sys_call(ep, &m, TIMEOUT_FOREVER), 0);
	CHECK_EQ(received_len, IPC_MSG_MAX);
	CHECK_EQ(received_sum, sum);
	CHECK_EQ(m.mr[3], sum);
}

static void test_handle_transfer(void)
{
	int n = sys_notify_create(),
	    no_grant = sys_handle_copy(ep, boot_info->self_space, RIGHT_SEND, 0);
	unsigned int bits = 0;
	struct msg m = {.info = IPC_INFO(1, 0) | IPC_HANDLE};

	CHECK(n > 0 && no_grant > 0);
	root_buf.handle = (unsigned int)n;
	CHECK_EQ(sys_call(no_grant, &m, TIMEOUT_FOREVER), ERR_NO_RIGHTS);
	m = (struct msg){.info = IPC_INFO(1, 0) | IPC_HANDLE};
	CHECK_EQ(sys_call(ep, &m, TIMEOUT_FOREVER), 0);
	CHECK_EQ(sys_poll(n, &bits), 0);
	CHECK_EQ(bits, 0x40); /* the server signalled through its copy */
	root_buf.handle = 0xdead;
	m = (struct msg){.info = IPC_INFO(1, 0) | IPC_HANDLE};
	CHECK_EQ(sys_call(ep, &m, TIMEOUT_FOREVER), ERR_BAD_HANDLE);
	/* The handle sent must itself carry GRANT, as for SYS_HANDLE_COPY out of the space. */
	root_buf.handle = (unsigned int)sys_handle_copy(n, boot_info->self_space, RIGHT_SEND, 0);
	m = (struct msg){.info = IPC_INFO(1, 0) | IPC_HANDLE};
	CHECK_EQ(sys_call(ep, &m, TIMEOUT_FOREVER), ERR_NO_RIGHTS);
}

static void test_message_errors(void)
{
	int send_only = sys_handle_copy(ep, boot_info->self_space, RIGHT_SEND, 0);
	int recv_only = sys_handle_copy(ep, boot_info->self_space, RIGHT_RECV, 0);
	struct msg m = {.info = IPC_INFO(1, IPC_MSG_MAX + 1)};

	CHECK_EQ(sys_call(ep, &m, TIMEOUT_FOREVER), ERR_INVALID);
	m = (struct msg){0};
	CHECK_EQ(sys_call(recv_only, &m, TIMEOUT_FOREVER), ERR_NO_RIGHTS);
	CHECK_EQ(sys_send(recv_only, &m, TIMEOUT_FOREVER), ERR_NO_RIGHTS);
	CHECK_EQ(sys_recv(send_only, &m, TIMEOUT_FOREVER), ERR_NO_RIGHTS);
	CHECK_EQ(sys_call(boot_info->self_space, &m, TIMEOUT_FOREVER), ERR_WRONG_TYPE);
	CHECK_EQ(sys_reply(&m), ERR_STATE);
	CHECK_EQ(sys_thread_set_ipc_buffer(boot_info->self_thread, (void *)0x40000000), ERR_FAULT);
	CHECK_EQ(sys_thread_set_ipc_buffer(boot_info->self_thread, (char *)&root_buf + 2),
		 ERR_FAULT);
	CHECK_EQ(sys_thread_set_ipc_buffer(boot_info->self_thread, 0), 0);
	m = (struct msg){.info = IPC_INFO(1, 8)};
	CHECK_EQ(sys_call(ep, &m, TIMEOUT_FOREVER), ERR_INVALID); /* long, and no buffer */
	CHECK_EQ(sys_thread_set_ipc_buffer(boot_info->self_thread, &root_buf), 0);
}

static void test_timeouts(void)
{
	int lonely = sys_endpoint_create();
	struct msg m = {0};

	CHECK(lonely > 0);
	CHECK_EQ(sys_recv(lonely, &m, TIMEOUT_NONE), ERR_TIMEOUT);
	CHECK_EQ(sys_send(lonely, &m, TIMEOUT_NONE), ERR_TIMEOUT);
	CHECK_EQ(sys_recv(lonely, &m, 20 * US), ERR_TIMEOUT);
	CHECK_EQ(sys_call(lonely, &m, 20 * US), ERR_TIMEOUT);
	/* The endpoint is not left holding the thread that gave up. */
	CHECK_EQ(sys_send(lonely, &m, TIMEOUT_NONE), ERR_TIMEOUT);
}

static void waiter(unsigned int notification)
{
	unsigned int bits = 0;
	int err = sys_wait(notification, &bits, TIMEOUT_FOREVER);

	signalled_bits = err ? 0xffffffff : bits;
	sys_thread_exit();
}

static void test_notifications(void)
{
	int n = sys_notify_create();
	int send_only = sys_handle_copy(n, boot_info->self_space, RIGHT_SEND, 0);
	unsigned int bits = 0;

	CHECK_EQ(sys_signal(n, 0x5), 0);
	CHECK_EQ(sys_signal(send_only, 0x2), 0);
	CHECK_EQ(sys_poll(n, &bits), 0);
	CHECK_EQ(bits, 0x7);
	CHECK_EQ(sys_poll(n, &bits), 0);
	CHECK_EQ(bits, 0);
	CHECK_EQ(sys_wait(n, &bits, TIMEOUT_NONE), ERR_TIMEOUT);
	CHECK_EQ(sys_wait(n, &bits, 20 * US), ERR_TIMEOUT);
	CHECK_EQ(sys_wait(send_only, &bits, TIMEOUT_NONE), ERR_NO_RIGHTS);
	CHECK_EQ(sys_poll(send_only, &bits), ERR_NO_RIGHTS);
	signalled_bits = 0;
	CHECK(spawn(waiter, SERVER_PRIO, SERVER_PRIO, n) > 0); /* runs, blocks in wait */
	CHECK_EQ(signalled_bits, 0);
	CHECK_EQ(sys_signal(send_only, 0x10), 0); /* the waiter preempts us */
	CHECK_EQ(signalled_bits, 0x10);
}

/* Faults: a handler thread receives them and decides. */
static volatile unsigned int fault_kind, fault_addr, after_fault, fixed;
static handle_t fix_memory;

static void recovered(unsigned int unused)
{
	after_fault = 2;
	sys_thread_exit();
}

/* The handler's decision for a fault message: resume (at *pc if set) or stop. */
static unsigned int decide(const struct msg *m, unsigned int *pc)
{
	*pc = 0;
	if (IPC_LABEL(m->info) != FAULT_LABEL)
		return FAULT_STOP;
	switch (m->fault.kind) {
	case FAULT_DATA: /* map memory where it faulted, then retry */
		if (fixed)
			return FAULT_STOP;
		fixed = !sys_memory_map(boot_info->self_space, fix_memory, m->fault.addr & ~0xfffu,
					RIGHT_READ | RIGHT_WRITE);
		return FAULT_RESUME;
	case FAULT_UNDEFINED: /* carry on elsewhere */
		*pc = (unsigned int)recovered;
		return FAULT_RESUME;
	case FAULT_SYSCALL: /* let it see the error */
		return FAULT_RESUME;
	default:
		return FAULT_STOP;
	}
}

static void fault_handler(unsigned int endpoint)
{
	struct msg m = {0};

	for (int err = sys_recv(endpoint, &m, TIMEOUT_FOREVER); !err;
	     err = sys_reply_recv(endpoint, &m, TIMEOUT_FOREVER)) {
		unsigned int pc, action;

		fault_kind = m.fault.kind;
		fault_addr = m.fault.addr;
		action = decide(&m, &pc);
		m = (struct msg){.info = IPC_INFO(0, 2),
				 .fault_reply = {.action = action, .pc = pc}};
	}
	sys_thread_exit();
}

static void touch_unmapped(unsigned int unused)
{
	*(volatile unsigned int *)FIXED_BY_HANDLER = 42;
	after_fault = *(volatile unsigned int *)FIXED_BY_HANDLER;
	sys_thread_exit();
}

static void undefined_then_more(unsigned int unused)
{
	__asm__ volatile("udf #2");
	after_fault = 1;
	sys_thread_exit();
}

static void bad_syscall(unsigned int unused)
{
	after_fault = (unsigned int)syscall6(777, 0, 0, 0, 0, 0, 0);
	sys_thread_exit();
}

static void jump_away(unsigned int unused)
{
	((void (*)(void))0x40000000)();
	after_fault = 1;
	sys_thread_exit();
}

/* Start @entry with the fault endpoint @fep as its handler; it runs at once. */
static void faulting(void (*entry)(unsigned int), handle_t fep)
{
	int t = sys_thread_create(boot_info->self_space, 0, SERVER_PRIO - 5, SERVER_PRIO - 5);

	after_fault = 0;
	CHECK(t > 0);
	CHECK_EQ(sys_thread_set_fault_handler(t, fep), 0);
	CHECK_EQ(start(t, entry, 0), 0);
}

static void test_fault_handler_fixes_and_resumes(void)
{
	int fep = sys_endpoint_create();

	fix_memory = carve(4096);
	CHECK(fep > 0);
	CHECK(spawn(fault_handler, SERVER_PRIO, SERVER_PRIO, fep) > 0);
	faulting(touch_unmapped, fep);
	CHECK_EQ(fault_kind, FAULT_DATA);
	CHECK_EQ(fault_addr, FIXED_BY_HANDLER);
	CHECK_EQ(after_fault, 42); /* resumed: the store went through */
	faulting(undefined_then_more, fep);
	CHECK_EQ(fault_kind, FAULT_UNDEFINED);
	CHECK_EQ(after_fault, 2); /* resumed in recovered() */
	faulting(bad_syscall, fep);
	CHECK_EQ(fault_kind, FAULT_SYSCALL);
	CHECK_EQ(fault_addr, 777);
	CHECK_EQ(after_fault, (unsigned int)ERR_NO_SYSCALL);
	faulting(jump_away, fep);
	CHECK_EQ(fault_kind, FAULT_PREFETCH);
	CHECK_EQ(after_fault, 0); /* stopped by the handler */
	CHECK_EQ(sys_thread_set_fault_handler(boot_info->self_thread, boot_info->self_space),
		 ERR_WRONG_TYPE);
}

/*
 * An undefined instruction one instruction in, in ARM state and in Thumb
 * state (started at the address + 1): the fault must name that instruction.
 * In Thumb state the return address the core gives is 2 bytes past it, not 4.
 */
extern const char undef_arm[], undef_thumb[];
__asm__(".pushsection .text\n"
	".balign 4\n"
	".arm\n"
	"undef_arm:\n"
	"	nop\n"
	"	udf #4\n"
	".thumb\n"
	"undef_thumb:\n"
	"	nop\n"
	"	.short 0xde04\n" /* UDF #4: permanently undefined in Thumb */
	".arm\n"
	".popsection");

static void test_fault_names_the_instruction(void)
{
	int fep = sys_endpoint_create();

	CHECK(fep > 0);
	CHECK(spawn(fault_handler, SERVER_PRIO, SERVER_PRIO, fep) > 0);
	faulting((void (*)(unsigned int))undef_arm, fep);
	CHECK_EQ(fault_kind, FAULT_UNDEFINED);
	CHECK_EQ(fault_addr, (unsigned int)undef_arm + 4);
	CHECK_EQ(after_fault, 2); /* resumed in recovered(), in ARM state */
	faulting((void (*)(unsigned int))(undef_thumb + 1), fep);
	CHECK_EQ(fault_kind, FAULT_UNDEFINED);
	CHECK_EQ(fault_addr, (unsigned int)undef_thumb + 2);
	CHECK_EQ(after_fault, 2);
	sys_handle_close(fep);
}

static volatile int blocked_status;

static void blocked_receiver(unsigned int endpoint)
{
	struct msg m;

	blocked_status = sys_recv(endpoint, &m, TIMEOUT_FOREVER);
	sys_thread_exit();
}

static void test_endpoint_destroyed_under_waiter(void)
{
	int gone = sys_endpoint_create();

	blocked_status = 1;
	CHECK(spawn(blocked_receiver, SERVER_PRIO, SERVER_PRIO, gone) > 0);
	CHECK_EQ(blocked_status, 1);
	CHECK_EQ(sys_handle_close(gone), 0);
	CHECK_EQ(blocked_status, ERR_STATE);
}

/*
 * A chain of fault handlers: link i receives link i-1's fault on the one
 * endpoint, then faults itself into it; the last link exits, and every
 * faulted link is stopped in turn (each says so on the console). One stack
 * serves them all: each runs to its fault (above the test's priority)
 * before the next starts. The links' handles are parked in spaces of their
 * own (a space holds 256), so that the root task's table stays free.
 */
#define CHAIN		  600 /* links: more kernel stack than a core has (8K), were it recursion */
#define CHAIN_KMEM	  (640u << 10)
#define CHAIN_STACK	  256  /* words */
#define CHAIN_PARK	  200  /* handles parked per space */
#define CHAIN_STACK_BOUND 4096 /* bytes of kernel stack a teardown may use (of 8K) */

static handle_t chain_ep;
static volatile unsigned int chain_links;
static unsigned int chain_stack[CHAIN_STACK] __attribute__((aligned(8)));

static void chain_link(unsigned int i)
{
	struct msg m = {0};

	if (i > 0)
		sys_recv(chain_ep, &m, TIMEOUT_FOREVER);
	chain_links++;
	if (i == CHAIN - 1)
		sys_thread_exit(); /* the whole chain goes with it */
	*(volatile unsigned int *)0 = i;
}

/* Link @i, started, its handle moved to @park; 0 or an error. */
static int chain_add(unsigned int i, handle_t park)
{
	int t = sys_thread_create(boot_info->self_space, 0, SERVER_PRIO, SERVER_PRIO);
	int err = t < 0 ? t : sys_thread_set_fault_handler(t, chain_ep);

	if (!err)
		err = sys_handle_copy(t, park, RIGHTS_ALL, 0);
	if (err >= 0)
		err = sys_thread_start(t, chain_link, &chain_stack[CHAIN_STACK], i);
	if (t > 0)
		sys_handle_close(t);
	return err < 0 ? err : 0;
}

static void test_fault_handler_chain(void)
{
	int park = 0, err = 0;
	unsigned int i;

	CHECK_EQ(sys_kmem_donate(boot_info->self_space, carve(CHAIN_KMEM)), 0);
	chain_ep = (handle_t)sys_endpoint_create();
	for (i = 0; i < CHAIN && !err; i++) {
		if (i % CHAIN_PARK == 0)
			park = sys_space_create(carve(16 << 10), 0);
		err = park < 0 ? park : chain_add(i, (handle_t)park);
	}
	printf("# a chain of %u fault handlers: %u links ran, the last exited\n", i, chain_links);
	CHECK_EQ(err, 0);
	CHECK_EQ(chain_links, CHAIN);
	/* Torn down in a loop: the kernel stack stayed well within its size. */
	printf("# kernel stack used on cpu0: %d bytes\n",
	       sys_kstat(boot_info->irq_control, 0, KSTAT_STACK_USED));
	CHECK(sys_kstat(boot_info->irq_control, 0, KSTAT_STACK_USED) < CHAIN_STACK_BOUND);
	sys_handle_close(chain_ep);
}

static const struct utest tests[] = {
	{"ipc_call_reply_badge", test_call_reply_badge},
	{"ipc_long_message", test_long_message},
	{"ipc_every_register_shape", test_every_register_shape},
	{"ipc_handle_transfer", test_handle_transfer},
	{"ipc_errors", test_message_errors},
	{"ipc_timeouts", test_timeouts},
	{"notify_signal_wait_poll", test_notifications},
	{"fault_handler_resume_redirect_stop", test_fault_handler_fixes_and_resumes},
	{"fault_names_the_instruction", test_fault_names_the_instruction},
	{"endpoint_destroyed_under_waiter", test_endpoint_destroyed_under_waiter},
	{"fault_handler_chain_torn_down", test_fault_handler_chain},
};

void root_run_ipc_tests(void)
{
	ep = (handle_t)sys_endpoint_create();
	sys_thread_set_ipc_buffer(boot_info->self_thread, &root_buf);
	int server = sys_thread_create(boot_info->self_space, 0, SERVER_PRIO, SERVER_PRIO);

	sys_thread_set_ipc_buffer(server, &server_buf);
	start(server, echo_server, ep);
	ktap_run("user-level IPC tests", tests, sizeof(tests) / sizeof(tests[0]));
}
