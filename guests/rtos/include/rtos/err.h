/* SPDX-License-Identifier: MIT */
/* The RTOS's error codes: every call returns 0 or one of these, negated. */
#pragma once

enum rtos_err {
	RTOS_OK = 0,
	RTOS_EAGAIN = 1,    /* would block, and the timeout was RTOS_NO_WAIT */
	RTOS_ETIMEDOUT = 2, /* the timeout expired first */
	RTOS_EDEADLK = 3,   /* the mutex is held by this task or by a chain back to it */
	RTOS_EPERM = 4,	    /* unlocking a mutex this task does not own */
	RTOS_EOVERFLOW = 5, /* a semaphore already at its maximum */
	RTOS_EINVAL = 6,    /* a bad argument (priority, stack size, message size) */
};
