/* SPDX-License-Identifier: MIT */
/*
 * The names of the error codes (uapi/cella/errors.h), for console messages:
 * one table, which the kernel and user level both link (shared/err.c).
 */
#pragma once

/** err_name() - "ERR_NO_MEMORY" for ERR_NO_MEMORY and so on; "ERR_?" for a value that is no code. */
const char *err_name(int err);
