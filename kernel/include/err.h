/* SPDX-License-Identifier: MIT */
/* Kernel error codes (shared with user level) and their names. */
#pragma once

#include <uapi/cella/errors.h>

/** err_name() - the enum name of an error code, for messages. */
const char *err_name(int err);
