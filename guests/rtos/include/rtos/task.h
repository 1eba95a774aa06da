/* SPDX-License-Identifier: MIT */
/*
 * Tasks: each has its own statically allocated stack, a base priority and
 * an effective one (raised by priority inheritance), and at most one
 * timeout pending at a time. All are created at initialisation.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <rtos/list.h>
#include <rtos/readyq.h>
#include <rtos/time.h>
#include <rtos/timerq.h>

struct waitq;
struct mutex;

enum task_state {
	TASK_READY,    /* in the ready queue (the running task too) */
	TASK_BLOCKED,  /* in a wait queue, maybe with a timeout */
	TASK_SLEEPING, /* waiting only for its timeout */
	TASK_DEAD,     /* returned, or stopped by a fault */
};

struct task {
	void *sp;	      /* saved stack pointer while not running (arch frame) */
	struct list node;     /* in the ready queue or in a wait queue */
	struct timer timeout; /* sleep or blocking timeout */
	enum task_state state;
	uint8_t prio;		  /* effective priority: base or inherited */
	uint8_t base_prio;	  /* the priority it was created with */
	struct waitq *waitq;	  /* the wait queue it is blocked in, if any */
	struct mutex *blocked_on; /* the mutex it waits for (the inheritance chain) */
	struct list held;	  /* mutexes it owns */
	rtime_t slice_end;	  /* its round-robin slice's end; 0: not started */
	int wait_result;	  /* what woke it: 0 or a negative rtos_err */
	void *wait_data;	  /* the message a blocked sender or receiver passes */
	const char *name;
	void (*entry)(void *arg);
	void *arg;
	uintptr_t *stack; /* lowest word of its stack (a canary) */
};

/* A task's stack: statically allocated, 8-byte aligned as the AAPCS wants. */
#define TASK_STACK(name, bytes) static uint64_t name[(bytes) / 8] __attribute__((aligned(8)))

#define TASK_STACK_MIN 512 /* bytes: an interrupt frame and its handler need this much */

/** rtos_init() - set up the kernel and its idle task; before any task_create(). */
void rtos_init(void);

/** rtos_start() - run the most urgent task; the caller's context is abandoned. */
void rtos_start(void) __attribute__((noreturn));

/**
 * task_create() - make @t a ready task running @entry(@arg) at priority @prio
 * on the stack @stack of @size bytes. Call before rtos_start() or from a task.
 * Errors: -RTOS_EINVAL for a priority above RTOS_PRIO_MAX or a stack under
 * TASK_STACK_MIN.
 */
int task_create(struct task *t, const char *name, unsigned prio, void (*entry)(void *), void *arg,
		void *stack, size_t size);

/** task_self() - the running task. */
struct task *task_self(void);

/** task_sleep_until() - block until the instant @deadline (at once if it has passed). */
void task_sleep_until(rtime_t deadline);

/** task_sleep() - block for @ticks. */
void task_sleep(rtime_t ticks);

/** task_yield() - let the next ready task of the same priority run. */
void task_yield(void);

/** task_exit() - end the running task (returning from its entry does the same). */
void task_exit(void) __attribute__((noreturn));

/** task_kill() - stop @t for good (a fault handler's verdict); it releases nothing. */
void task_kill(struct task *t);

/** task_stack_intact() - false if @t has written its stack's lowest word (overflow). */
int task_stack_intact(const struct task *t);
