/* SPDX-License-Identifier: MIT */
/*
 * The harness of the VCPU tests (tests_vcpu.c): tiny guests in spaces of
 * their own, one page of RAM at GUEST_IPA, and the root task as their VMM
 * (every test VCPU's exits come to vcpu_exits).
 */
#pragma once

#include <cella/lib.h>
#include <cella/memory.h>

#include "root.h"

#define GUEST_IPA   0x40000000 /* the guest's one page: code from its start */
#define GUEST_DATA  0x800      /* where in the page the guests store words */
#define MMIO_IPA    0x50000000 /* nothing mapped there: accesses exit */
#define GUEST_ENTRY ((void (*)(unsigned int))GUEST_IPA) /* for SYS_THREAD_START */
#define ROOT_VIEW \
	(USER_BASE + 0x00c00000)    /* the guest pages in the root space, one after another */
#define GUEST_KMEM (64 << 10)	    /* kernel memory of a guest space */
#define VCPU_PRIO  (ROOT_PRIO - 10) /* below the root task: runs while it waits */
#define US	   1000u
#define EXIT_WAIT  (1000000 * US) /* an exit that must come */
#define QUIET_NS   (20 * MS)	  /* long enough for an exit that must not come */
#define VIRQ_SPI   40		  /* a virtual interrupt no device drives */
#define IRQ_FREE   45		  /* a shared interrupt no test claims */
#define PSR_MODE   0x1f
#define MODE_SVC   0x13
#define MODE_MON   0x16
#define MODE_HYP   0x1a
#define MODE_SYS   0x1f
#define PSR_AIF	   0x1c0 /* asynchronous aborts, IRQs and FIQs masked */

/* The guest that spins until the VMM moves its pc to the hvc (vcpu_harness.c). */
extern const unsigned int spin_prog[3];

/* Words of an exit message (uapi/cella/vcpu.h). */
enum { EXIT_KIND, EXIT_ADDR, EXIT_PC, EXIT_SYNDROME, EXIT_W4, EXIT_W5, EXIT_W6, EXIT_W7 };

/* ACTLR (p15, 0, c1, c0, 1) in a SYSREG exit's address word, the ISS without CV and COND. */
#define ISS_OP_MASK	  0xfffffu
#define ACTLR_ISS(rt, rd) (1u << 17 | 1u << 10 | (rt) << 5 | (rd))

struct guest {
	int space, vcpu;
	volatile unsigned int *page; /* the guest's RAM as the root task sees it */
};

#define WORDS(prog) (sizeof(prog) / sizeof((prog)[0]))

extern struct ipc_buffer vcpu_buf; /* the root thread's: exit words 4-7 arrive here */
extern int vcpu_exits;		   /* endpoint: every test VCPU's fault handler */

/** cores() - the cores the root task runs on. */
unsigned int cores(void);

/** guest_create() - a space whose RAM is one new page at GUEST_IPA holding @code. */
int guest_create(struct guest *g, const unsigned int *code, unsigned int words);

/** guest_vcpu() - VCPU @index of @g's space on @core, its exits to the root task. */
int guest_vcpu(struct guest *g, unsigned int core, unsigned int index);

/** guest_run() - a guest running @code on VCPU 0 on @core, r0 = @arg. */
void guest_run(struct guest *g, const unsigned int *code, unsigned int words, unsigned int core,
	       unsigned int arg);

/** guest_end() - close @g's VCPU. */
void guest_end(struct guest *g);

/** guest_data() - word @i of what the guest stored at GUEST_DATA. */
unsigned int guest_data(const struct guest *g, unsigned int i);

/** next_exit() - the next exit's words into @w: 0, or the receive's error. */
int next_exit(unsigned int w[VCPU_EXIT_WORDS], unsigned int timeout);

/** expect_exit() - the next exit, which must be @kind at @addr with the pc at guest offset @pc. */
void expect_exit(unsigned int w[VCPU_EXIT_WORDS], unsigned int kind, unsigned int addr,
		 unsigned int pc);

/** reply() - answer the exit in hand: @action, new @pc or 0, VCPU_REPLY() @flags, @value. */
int reply(unsigned int action, unsigned int pc, unsigned int flags, unsigned int value);

/** advance() - resume past the trapped instruction. */
int advance(void);

/** advance_set() - resume past it with guest register @reg set to @value. */
int advance_set(unsigned int reg, unsigned int value);

/** stop() - stop the VCPU whose exit is in hand. */
int stop(void);

/* tests_vcpu_sched.c: a VCPU beside the scheduler's tick and sleepers. */
void test_vcpu_tick_only_for_peers(void);
void test_vcpu_lower_sleeper_waits(void);
