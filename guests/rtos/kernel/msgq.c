// SPDX-License-Identifier: MIT
/* Message queues of fixed-size messages, with direct hand-over to waiting tasks. */
#include <string.h>

#include <rtos/arch.h>
#include <rtos/err.h>
#include <rtos/msgq.h>
#include <rtos/sched.h>

void msgq_init(struct msgq *q, void *buf, size_t msg_size, unsigned capacity)
{
	*q = (struct msgq){.buf = buf, .msg_size = msg_size, .capacity = capacity};
	waitq_init(&q->senders);
	waitq_init(&q->receivers);
}

static void *slot(const struct msgq *q, unsigned i)
{
	return q->buf + (q->head + i) % q->capacity * q->msg_size;
}

/* To a waiting receiver (the ring is empty then), or into the ring. */
static int put(struct msgq *q, const void *msg)
{
	struct task *r = waitq_first(&q->receivers);

	if (r) {
		memcpy(r->wait_data, msg, q->msg_size);
		wait_wake(r, 0);
		return 0;
	}
	if (q->count == q->capacity)
		return -RTOS_EAGAIN;
	memcpy(slot(q, q->count), msg, q->msg_size);
	q->count++;
	return 0;
}

/* The oldest message; the first waiting sender's message takes the freed place. */
static int get(struct msgq *q, void *msg)
{
	struct task *s;

	if (!q->count)
		return -RTOS_EAGAIN;
	memcpy(msg, slot(q, 0), q->msg_size);
	q->head = (q->head + 1) % q->capacity;
	q->count--;
	s = waitq_first(&q->senders);
	if (s) {
		memcpy(slot(q, q->count), s->wait_data, q->msg_size);
		q->count++;
		wait_wake(s, 0);
	}
	return 0;
}

/* Blocks the caller in @wq with @data for the other side if @ret says it must wait. */
static int wait_if_needed(int ret, struct waitq *wq, void *data, rtime_t timeout)
{
	if (ret != -RTOS_EAGAIN || timeout == RTOS_NO_WAIT)
		return ret;
	sched_current()->wait_data = data;
	return wait_block(wq, timeout);
}

int msgq_send(struct msgq *q, const void *msg, rtime_t timeout)
{
	unsigned long flags = arch_irq_save();
	int ret = wait_if_needed(put(q, msg), &q->senders, (void *)msg, timeout);

	sched_reschedule();
	arch_irq_restore(flags);
	return ret;
}

int msgq_send_isr(struct msgq *q, const void *msg)
{
	unsigned long flags = arch_irq_save();
	int ret = put(q, msg);

	arch_irq_restore(flags);
	return ret;
}

int msgq_receive(struct msgq *q, void *msg, rtime_t timeout)
{
	unsigned long flags = arch_irq_save();
	int ret = wait_if_needed(get(q, msg), &q->receivers, msg, timeout);

	sched_reschedule();
	arch_irq_restore(flags);
	return ret;
}
