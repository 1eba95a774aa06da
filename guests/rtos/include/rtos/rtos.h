/* SPDX-License-Identifier: MIT */
/* The RTOS's interface for applications: tasks, time and the synchronisation objects. */
#pragma once

#include <rtos/err.h>
#include <rtos/msgq.h>
#include <rtos/mutex.h>
#include <rtos/sem.h>
#include <rtos/task.h>
#include <rtos/time.h>
