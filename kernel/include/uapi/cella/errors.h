/* SPDX-License-Identifier: MIT */
/*
 * Error codes: negative values returned by the kernel and its system
 * calls, the same on every architecture (docs/syscalls.md lists them).
 * Shared by the kernel and user level.
 */
#pragma once

enum err {
	ERR_NONE = 0,
	ERR_INVALID = -1,     /* an argument is malformed or out of range */
	ERR_NO_MEMORY = -2,   /* the memory pool or quota is exhausted */
	ERR_EXISTS = -3,      /* the object or mapping is already there */
	ERR_NOT_FOUND = -4,   /* no such object, key or mapping */
	ERR_BUSY = -5,	      /* the resource is in use */
	ERR_TIMEOUT = -6,     /* the operation did not complete in time */
	ERR_BAD_HANDLE = -7,  /* no such handle (never installed, closed, or stale) */
	ERR_WRONG_TYPE = -8,  /* the handle names another kind of object */
	ERR_NO_RIGHTS = -9,   /* the handle lacks a right the operation needs */
	ERR_NO_SYSCALL = -10, /* no system call has this number */
	ERR_FAULT = -11,      /* a user buffer is not mapped with the access needed */
	ERR_STATE = -12,      /* the object is not in a state that allows this */
};
