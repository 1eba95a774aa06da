/* SPDX-License-Identifier: MIT */
/*
 * Intrusive circular doubly linked lists: the ready queue's levels, wait
 * queues, the timer queue and a task's held mutexes are all made of these.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct list {
	struct list *next, *prev;
};

#define LIST_INIT(name)          \
	{                        \
		&(name), &(name) \
	}

#define list_entry(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

static inline void list_init(struct list *l)
{
	l->next = l;
	l->prev = l;
}

static inline bool list_empty(const struct list *l)
{
	return l->next == l;
}

/** list_insert_before() - put @n just before @pos (at the tail when @pos is the head). */
static inline void list_insert_before(struct list *pos, struct list *n)
{
	n->prev = pos->prev;
	n->next = pos;
	pos->prev->next = n;
	pos->prev = n;
}

static inline void list_add_tail(struct list *head, struct list *n)
{
	list_insert_before(head, n);
}

static inline void list_add_head(struct list *head, struct list *n)
{
	list_insert_before(head->next, n);
}

/** list_del() - unlink @n; it is left pointing at itself (so list_empty(n) is true). */
static inline void list_del(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	list_init(n);
}
