// SPDX-License-Identifier: MIT
/* The names of the error codes, indexed by the negated code. */
#include <cella/errors.h>

#include <shared/err.h>

static const char *const names[] = {
	[-ERR_NONE] = "ERR_NONE",
	[-ERR_INVALID] = "ERR_INVALID",
	[-ERR_NO_MEMORY] = "ERR_NO_MEMORY",
	[-ERR_EXISTS] = "ERR_EXISTS",
	[-ERR_NOT_FOUND] = "ERR_NOT_FOUND",
	[-ERR_BUSY] = "ERR_BUSY",
	[-ERR_TIMEOUT] = "ERR_TIMEOUT",
	[-ERR_BAD_HANDLE] = "ERR_BAD_HANDLE",
	[-ERR_WRONG_TYPE] = "ERR_WRONG_TYPE",
	[-ERR_NO_RIGHTS] = "ERR_NO_RIGHTS",
	[-ERR_NO_SYSCALL] = "ERR_NO_SYSCALL",
	[-ERR_FAULT] = "ERR_FAULT",
	[-ERR_STATE] = "ERR_STATE",
};

const char *err_name(int err)
{
	unsigned int i = 0u - (unsigned int)err; /* no overflow, even for INT_MIN */

	if (err > 0 || i >= sizeof(names) / sizeof(names[0]) || !names[i])
		return "ERR_?";
	return names[i];
}
