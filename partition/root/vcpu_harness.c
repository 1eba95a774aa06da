// SPDX-License-Identifier: MIT
/* The harness of the VCPU tests: guests, their exits, the answers (vcpu_harness.h). */
#include <shared/string.h>

#include "vcpu_harness.h"

const unsigned int spin_prog[3] = {
	0xeafffffe, /* 0x00 b . */
	0xe1400077, /* 0x04 hvc #7 */
	0xeafffffe, /* 0x08 b . */
};

struct ipc_buffer vcpu_buf; /* the root thread's: exit words 4-7 arrive here */
int vcpu_exits;		    /* endpoint: every test VCPU's fault handler */
static unsigned int pages;  /* guest pages made so far */

unsigned int cores(void)
{
	return boot_info->cores;
}

/*
 * A space whose RAM is one new page at GUEST_IPA holding @code, also
 * mapped in the root space. QEMU keeps the guest's instruction fetches
 * (caches off) coherent with the root task's stores.
 */
int guest_create(struct guest *g, const unsigned int *code, unsigned int words)
{
	handle_t page = carve(PAGE_SIZE);
	unsigned int view = ROOT_VIEW + pages++ * PAGE_SIZE;
	int err;

	g->vcpu = 0;
	g->space = sys_space_create(carve(GUEST_KMEM), 0);
	if (g->space < 0)
		return g->space;
	err = sys_memory_map(boot_info->self_space, page, view, RIGHT_READ | RIGHT_WRITE);
	if (!err)
		err = sys_memory_map(g->space, page, GUEST_IPA,
				     RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC);
	if (err)
		return err;
	g->page = (volatile unsigned int *)view;
	for (unsigned int i = 0; i < words; i++)
		g->page[i] = code[i];
	return ERR_NONE;
}

/* VCPU @index of @g's space on @core, its vcpu_exits to the root task; its handle or an error. */
int guest_vcpu(struct guest *g, unsigned int core, unsigned int index)
{
	int v = sys_vcpu_create(g->space, core, VCPU_PRIO, VCPU_PRIO, index);
	int err = v < 0 ? v : sys_thread_set_fault_handler(v, vcpu_exits);

	return err < 0 ? err : v;
}

/* A guest running @code on VCPU 0 on @core, r0 = @arg. */
void guest_run(struct guest *g, const unsigned int *code, unsigned int words, unsigned int core,
	       unsigned int arg)
{
	CHECK_EQ(guest_create(g, code, words), 0);
	g->vcpu = guest_vcpu(g, core, 0);
	CHECK(g->vcpu > 0);
	CHECK_EQ(sys_thread_start(g->vcpu, GUEST_ENTRY, 0, arg), 0);
}

void guest_end(struct guest *g)
{
	CHECK_EQ(sys_handle_close(g->vcpu), 0);
}

unsigned int guest_data(const struct guest *g, unsigned int i)
{
	return g->page[GUEST_DATA / 4 + i];
}

/* The next exit's words into @w: 0, or the receive's error (ERR_TIMEOUT: none came). */
int next_exit(unsigned int w[VCPU_EXIT_WORDS], unsigned int timeout)
{
	struct msg m = {0};
	int err = sys_recv(vcpu_exits, &m, timeout);

	if (err)
		return err;
	CHECK_EQ(m.info, IPC_INFO(FAULT_LABEL, VCPU_EXIT_WORDS));
	for (int i = 0; i < IPC_REG_WORDS; i++)
		w[i] = m.mr[i];
	for (int i = IPC_REG_WORDS; i < VCPU_EXIT_WORDS; i++)
		w[i] = vcpu_buf.mr[i];
	return ERR_NONE;
}

/* Receive the next exit, which must be @kind at @addr with the pc at @pc (a guest offset). */
void expect_exit(unsigned int w[VCPU_EXIT_WORDS], unsigned int kind, unsigned int addr,
		 unsigned int pc)
{
	int err = next_exit(w, EXIT_WAIT);

	CHECK_EQ(err, 0);
	if (err)
		memset(w, 0, VCPU_EXIT_WORDS * sizeof(w[0]));
	CHECK_EQ(w[EXIT_KIND], kind);
	CHECK_EQ(w[EXIT_ADDR], addr);
	CHECK_EQ(w[EXIT_PC], GUEST_IPA + pc);
}

/* Answer the exit in hand: @action (FAULT_RESUME/STOP), new @pc or 0, VCPU_REPLY() flags. */
int reply(unsigned int action, unsigned int pc, unsigned int flags, unsigned int value)
{
	struct msg m = {.info = IPC_INFO(0, 4),
			.vcpu_reply = {.action = action, .pc = pc, .flags = flags, .value = value}};

	return sys_reply(&m);
}

int advance(void)
{
	return reply(FAULT_RESUME, 0, VCPU_REPLY_ADVANCE, 0);
}

/* Skip the trapped instruction and set guest register @reg to @value. */
int advance_set(unsigned int reg, unsigned int value)
{
	return reply(FAULT_RESUME, 0, VCPU_REPLY(VCPU_REPLY_ADVANCE | VCPU_REPLY_SET, reg), value);
}

int stop(void)
{
	return reply(FAULT_STOP, 0, 0, 0);
}
