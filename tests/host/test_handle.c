// SPDX-License-Identifier: MIT
/* Unit tests of handle tables (kernel/handle.c): rights, types, staleness, copies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <err.h>
#include <handle.h>

#define SLOTS 8

static struct handle_slot slots_a[SLOTS], slots_b[SLOTS];
static struct handle_table a, b;
static struct kobj ep, note;

/* Reference counting as kernel/kobj.c does it, minus destruction (counted instead). */
static int released;

void kobj_get(struct kobj *obj)
{
	assert_true(__atomic_fetch_add(&obj->refs, 1, __ATOMIC_RELAXED) > 0);
}

void kobj_put(struct kobj *obj)
{
	if (__atomic_fetch_sub(&obj->refs, 1, __ATOMIC_ACQ_REL) == 1)
		released++;
}

static int setup(void **state)
{
	handle_table_init(&a, slots_a, SLOTS);
	handle_table_init(&b, slots_b, SLOTS);
	ep = (struct kobj){.type = KOBJ_ENDPOINT};
	note = (struct kobj){.type = KOBJ_NOTIFY};
	return 0;
}

static void test_install_and_lookup(void **state)
{
	struct handle_slot s;
	int h = handle_install(&a, &ep, RIGHT_SEND | RIGHT_RECV, 42);

	assert_true(h > 0);
	assert_int_equal(ep.refs, 1);
	assert_int_equal(handle_lookup(&a, h, KOBJ_ENDPOINT, RIGHT_SEND, &s), ERR_NONE);
	assert_ptr_equal(s.obj, &ep);
	assert_int_equal(s.badge, 42);
	assert_int_equal(handle_lookup(&a, h, KOBJ_NONE, 0, &s), ERR_NONE);
}

static void test_errors(void **state)
{
	struct handle_slot s;
	int h = handle_install(&a, &ep, RIGHT_SEND, 0);

	assert_int_equal(handle_lookup(&a, h, KOBJ_NOTIFY, 0, &s), ERR_WRONG_TYPE);
	assert_int_equal(handle_lookup(&a, h, KOBJ_ENDPOINT, RIGHT_RECV, &s), ERR_NO_RIGHTS);
	assert_int_equal(handle_lookup(&a, h, KOBJ_ENDPOINT, RIGHT_SEND | RIGHT_GRANT, &s),
			 ERR_NO_RIGHTS);
	assert_int_equal(handle_lookup(&a, HANDLE_NONE, KOBJ_NONE, 0, &s), ERR_BAD_HANDLE);
	assert_int_equal(handle_lookup(&a, SLOTS, KOBJ_NONE, 0, &s), ERR_BAD_HANDLE);
	assert_int_equal(handle_lookup(&a, 0xffffffff, KOBJ_NONE, 0, &s), ERR_BAD_HANDLE);
	assert_int_equal(handle_lookup(&a, h + 1, KOBJ_NONE, 0, &s), ERR_BAD_HANDLE);
}

static void test_close_makes_stale(void **state)
{
	struct handle_slot s;
	struct kobj *last;
	int h = handle_install(&a, &ep, RIGHTS_ALL, 0);

	assert_int_equal(handle_close(&a, h, &last), ERR_NONE);
	assert_ptr_equal(last, &ep);
	assert_int_equal(handle_close(&a, h, &last), ERR_BAD_HANDLE);
	/* The slot is reused for another object: the old handle stays dead. */
	int h2 = handle_install(&a, &note, RIGHTS_ALL, 0);

	assert_int_not_equal(h2, h);
	assert_int_equal(handle_lookup(&a, h, KOBJ_NONE, 0, &s), ERR_BAD_HANDLE);
	assert_int_equal(handle_lookup(&a, h2, KOBJ_NOTIFY, 0, &s), ERR_NONE);
}

/*
 * A lookup reads a slot as two pairs, each at once, with no barrier: one
 * pair of the handle it holds and one of another handle in that slot (a
 * close and an install between its two reads) is a stale handle, never an
 * object with another handle's badge. Also for a handle with no rights,
 * whose key still differs from the free slot's.
 */
static void test_mixed_pairs_are_stale(void **state)
{
	struct handle_slot s, before;
	struct kobj *last;
	uint32_t badge;
	int h = handle_install(&a, &ep, RIGHT_SEND, 1);
	int i = h & (HANDLE_MAX_SLOTS - 1);

	before = slots_a[i];
	assert_int_equal(handle_close(&a, h, &last), ERR_NONE);
	int h2 = handle_install(&a, &ep, RIGHT_SEND, 2);

	assert_int_equal(h2 & (HANDLE_MAX_SLOTS - 1), i);
	slots_a[i].tag = before.tag; /* the old badge's pair, the new object's */
	assert_int_equal(handle_lookup(&a, h2, KOBJ_NONE, 0, &s), ERR_BAD_HANDLE);
	assert_null(handle_find(&a, h2, KOBJ_ENDPOINT, RIGHT_SEND, &badge));
	slots_a[i].ref = before.ref; /* the old object's pair, the old badge's */
	assert_int_equal(handle_lookup(&a, h2, KOBJ_NONE, 0, &s), ERR_BAD_HANDLE);
	assert_int_equal(handle_close(&a, h, &last), ERR_NONE); /* put back as it was */
	assert_int_equal(handle_lookup(&a, h2, KOBJ_NONE, 0, &s), ERR_BAD_HANDLE);

	int none = handle_install(&a, &note, 0, 3);

	before = slots_a[none & (HANDLE_MAX_SLOTS - 1)];
	assert_int_equal(handle_close(&a, none, &last), ERR_NONE);
	slots_a[none & (HANDLE_MAX_SLOTS - 1)].ref = before.ref; /* free badge pair, old object */
	assert_int_equal(handle_lookup(&a, none, KOBJ_NONE, 0, &s), ERR_BAD_HANDLE);
}

static void test_copy_only_drops_rights(void **state)
{
	struct handle_slot s;
	struct kobj *last;
	int h = handle_install(&a, &ep, RIGHT_SEND | RIGHT_GRANT, 0);
	int c = handle_copy(&a, h, 0, &b, RIGHTS_ALL, 7);

	assert_true(c > 0);
	assert_int_equal(handle_lookup(&b, c, KOBJ_ENDPOINT, RIGHT_SEND | RIGHT_GRANT, &s), 0);
	assert_int_equal(s.badge, 7);
	assert_int_equal(handle_lookup(&b, c, KOBJ_ENDPOINT, RIGHT_RECV, &s), ERR_NO_RIGHTS);
	int d = handle_copy(&b, c, 0, &b, RIGHT_SEND, 0);

	assert_int_equal(handle_lookup(&b, d, KOBJ_ENDPOINT, RIGHT_GRANT, &s), ERR_NO_RIGHTS);
	/* The right to pass it on is checked on the lookup that takes it. */
	assert_int_equal(handle_copy(&b, d, RIGHT_GRANT, &a, RIGHTS_ALL, 0), ERR_NO_RIGHTS);
	int e = handle_copy(&b, c, RIGHT_GRANT, &a, RIGHTS_ALL, 0);

	assert_true(e > 0);
	assert_int_equal(handle_close(&a, e, &last), 0);
	assert_int_equal(handle_lookup(&b, d, KOBJ_ENDPOINT, RIGHT_SEND, &s), 0);
	assert_int_equal(s.badge, 7); /* copies keep the badge */
	assert_int_equal(ep.refs, 3);
	assert_int_equal(handle_close(&a, h, &last), 0);
	assert_null(last);
	assert_int_equal(handle_close(&b, c, &last), 0);
	assert_int_equal(handle_close(&b, d, &last), 0);
	assert_ptr_equal(last, &ep);
	assert_int_equal(handle_copy(&a, h, 0, &b, RIGHTS_ALL, 0), ERR_BAD_HANDLE);
}

/* A badge is set once: a badged handle cannot be copied with another (no forging). */
static void test_badge_set_once(void **state)
{
	int h = handle_install(&a, &ep, RIGHTS_ALL, 0);
	int c = handle_copy(&a, h, 0, &a, RIGHTS_ALL, 5);
	struct handle_slot s;

	assert_true(c > 0);
	assert_int_equal(handle_copy(&a, c, 0, &b, RIGHTS_ALL, 6), ERR_NO_RIGHTS);
	assert_int_equal(ep.refs, 2); /* the refused copy took no reference */
	int same = handle_copy(&a, c, 0, &b, RIGHTS_ALL, 5);

	assert_true(same > 0);
	assert_int_equal(handle_lookup(&b, same, KOBJ_NONE, 0, &s), 0);
	assert_int_equal(s.badge, 5);
}

static void test_full_table(void **state)
{
	for (int i = 1; i < SLOTS; i++)
		assert_true(handle_install(&a, &ep, 0, 0) > 0);
	assert_int_equal(handle_install(&a, &ep, 0, 0), ERR_NO_MEMORY);
	assert_int_equal(ep.refs, SLOTS - 1);
}

static struct kobj *gone[SLOTS];
static int gone_count;

static void record(struct kobj *obj)
{
	gone[gone_count++] = obj;
}

/* Closing a table closes each handle once, hands on what lost its last one, and stays closed. */
static void test_table_close(void **state)
{
	struct handle_slot s;
	int h1 = handle_install(&a, &ep, RIGHT_SEND, 0);
	int h2 = handle_install(&a, &note, RIGHT_SEND, 0);
	int h3 = handle_install(&b, &note, RIGHT_SEND, 0);

	assert_true(h1 > 0 && h2 > 0 && h3 > 0);
	gone_count = 0;
	handle_table_close(&a, record);
	assert_int_equal(gone_count, 1); /* note is still held by b */
	assert_ptr_equal(gone[0], &ep);
	assert_int_equal(note.refs, 1);
	assert_int_equal(handle_lookup(&a, h2, KOBJ_NONE, 0, &s), ERR_BAD_HANDLE);
	assert_int_equal(handle_install(&a, &ep, RIGHT_SEND, 0), ERR_NO_MEMORY);
	assert_int_equal(handle_copy(&b, h3, 0, &a, RIGHTS_ALL, 0), ERR_NO_MEMORY);
	assert_int_equal(note.refs, 1); /* the failed copy gave its reference back */
	handle_table_close(&a, record);
	assert_int_equal(gone_count, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_install_and_lookup, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_close_makes_stale, setup),
		cmocka_unit_test_setup(test_mixed_pairs_are_stale, setup),
		cmocka_unit_test_setup(test_copy_only_drops_rights, setup),
		cmocka_unit_test_setup(test_badge_set_once, setup),
		cmocka_unit_test_setup(test_full_table, setup),
		cmocka_unit_test_setup(test_table_close, setup),
	};
	return cmocka_run_group_tests_name("handle", tests, NULL, NULL);
}
