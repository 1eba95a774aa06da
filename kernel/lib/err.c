// SPDX-License-Identifier: MIT
/* Names of the kernel error codes, for console messages. */
#include <compiler.h>
#include <err.h>

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
	if (err > 0 || (unsigned int)-err >= ARRAY_SIZE(names) || !names[-err])
		return "ERR_?";
	return names[-err];
}
