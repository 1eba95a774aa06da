/* SPDX-License-Identifier: MIT */
/* Intrusive circular doubly-linked lists: O(1) insert and remove, no allocation. */
#pragma once

#include <types.h>

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
	l->next = l->prev = l;
}

static inline bool list_empty(const struct list *l)
{
	return l->next == l;
}

static inline void list_insert(struct list *prev, struct list *next, struct list *n)
{
	n->prev = prev;
	n->next = next;
	prev->next = n;
	next->prev = n;
}

/** list_add_tail() - @n becomes the last element of @head. */
static inline void list_add_tail(struct list *head, struct list *n)
{
	list_insert(head->prev, head, n);
}

/** list_add_head() - @n becomes the first element of @head. */
static inline void list_add_head(struct list *head, struct list *n)
{
	list_insert(head, head->next, n);
}

/**
 * list_unlink() - take @n out of its list, its own links left as they were
 * (stale): for a node nothing looks at until it is added to a list again.
 */
static inline void list_unlink(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
}

/** list_remove() - unlink @n; it is left pointing at itself (empty). */
static inline void list_remove(struct list *n)
{
	list_unlink(n);
	list_init(n);
}
