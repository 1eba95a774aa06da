/* SPDX-License-Identifier: MIT */
/*
 * Kernel error codes: negative values of one enum, the same on every
 * architecture. System calls return them unchanged; docs/syscalls.md lists
 * what each call can return.
 */
#pragma once

enum err {
	ERR_NONE = 0,
	ERR_INVALID = -1,    /* an argument is malformed or out of range */
	ERR_NO_MEMORY = -2,  /* the memory pool or quota is exhausted */
	ERR_EXISTS = -3,     /* the object or mapping is already there */
	ERR_NOT_FOUND = -4,  /* no such object, key or mapping */
	ERR_BUSY = -5,	     /* the resource is in use */
	ERR_TIMEOUT = -6,    /* the operation did not complete in time */
	ERR_BAD_HANDLE = -7, /* no such handle (never installed, closed, or stale) */
	ERR_WRONG_TYPE = -8, /* the handle names another kind of object */
	ERR_NO_RIGHTS = -9,  /* the handle lacks a right the operation needs */
};

/** err_name() - the enum name of an error code, for messages. */
const char *err_name(int err);
