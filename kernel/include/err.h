/* SPDX-License-Identifier: MIT */
/* Kernel error codes (shared with user level) and their names (shared/err.c). */
#pragma once

#include <uapi/cella/errors.h>

#include <shared/err.h>
