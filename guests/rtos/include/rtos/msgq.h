/* SPDX-License-Identifier: MIT */
/*
 * Message queues: a ring of fixed-size messages in a buffer the caller
 * provides; send blocks while it is full, receive while it is empty, both
 * with timeouts. A message goes straight to a waiting receiver.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <rtos/time.h>
#include <rtos/wait.h>

struct msgq {
	uint8_t *buf;
	size_t msg_size;
	unsigned capacity;
	unsigned head;	/* the oldest message */
	unsigned count; /* messages in the ring */
	struct waitq senders;
	struct waitq receivers;
};

/** msgq_init() - a queue of @capacity messages of @msg_size bytes in @buf. */
void msgq_init(struct msgq *q, void *buf, size_t msg_size, unsigned capacity);

/** msgq_send() - queue @msg, waiting at most @timeout. Errors: -RTOS_EAGAIN, -RTOS_ETIMEDOUT. */
int msgq_send(struct msgq *q, const void *msg, rtime_t timeout);

/** msgq_send_isr() - msgq_send() from an interrupt handler; never waits. */
int msgq_send_isr(struct msgq *q, const void *msg);

/** msgq_receive() - the oldest message into @msg, waiting at most @timeout. Errors: as send. */
int msgq_receive(struct msgq *q, void *msg, rtime_t timeout);
