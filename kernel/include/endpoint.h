/* SPDX-License-Identifier: MIT */
/*
 * Endpoints: rendezvous points for synchronous IPC. An endpoint holds no
 * message, only the threads waiting on it: senders (send, call, fault) or
 * receivers, never both at once.
 */
#pragma once

#include <kobj.h>
#include <list.h>

struct thread;

struct endpoint {
	struct kobj obj;
	struct list senders;   /* blocked senders, first come first served */
	struct list receivers; /* blocked receivers */
};

/** endpoint_destroy() - destructor: every waiter fails with ERR_STATE. */
bool endpoint_destroy(struct kobj *obj);

/* System calls (arguments and errors: docs/syscalls.md). */
int sys_endpoint_create(struct thread *self, const uint32_t *args);
int sys_send(struct thread *self, const uint32_t *args);
int sys_recv(struct thread *self, const uint32_t *args);
int sys_call(struct thread *self, const uint32_t *args);
int sys_reply(struct thread *self, const uint32_t *args);
int sys_reply_recv(struct thread *self, const uint32_t *args);
