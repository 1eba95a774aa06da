// SPDX-License-Identifier: MIT
/* Unit tests of kernel-memory pools (kernel/kmem.c): accounting, exhaustion, isolation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <err.h>
#include <kmem.h>

#define PAGES 4

static struct kmem_pool a, b;
static void *mem_a, *mem_b;

static int setup(void **state)
{
	mem_a = aligned_alloc(KMEM_PAGE, PAGES * KMEM_PAGE);
	mem_b = aligned_alloc(KMEM_PAGE, PAGES * KMEM_PAGE);
	memset(mem_a, 0xa5, PAGES * KMEM_PAGE);
	kmem_pool_init(&a);
	kmem_pool_init(&b);
	assert_int_equal(kmem_donate(&a, mem_a, PAGES * KMEM_PAGE), ERR_NONE);
	assert_int_equal(kmem_donate(&b, mem_b, PAGES * KMEM_PAGE), ERR_NONE);
	return 0;
}

static int teardown(void **state)
{
	free(mem_a);
	free(mem_b);
	return 0;
}

static bool inside(void *p, void *base)
{
	return (char *)p >= (char *)base && (char *)p < (char *)base + PAGES * KMEM_PAGE;
}

static void test_alloc_zeroed_aligned_accounted(void **state)
{
	unsigned char *p = kmem_alloc(&a, 100);

	assert_non_null(p);
	assert_true(inside(p, mem_a));
	assert_int_equal((uintptr_t)p % 128, 0);
	for (int i = 0; i < 128; i++)
		assert_int_equal(p[i], 0);
	assert_int_equal(a.used, 128);
	assert_int_equal(kmem_available(&a), PAGES * KMEM_PAGE - 128);
	kmem_free(&a, p, 100);
	assert_int_equal(a.used, 0);
}

static void test_exhaustion_is_an_error(void **state)
{
	for (int i = 0; i < PAGES; i++)
		assert_non_null(kmem_alloc(&a, KMEM_PAGE));
	assert_null(kmem_alloc(&a, 32));
	assert_null(kmem_alloc(&a, KMEM_PAGE));
	assert_int_equal(kmem_available(&a), 0);
	/* The other pool is untouched. */
	assert_non_null(kmem_alloc(&b, KMEM_PAGE));
	assert_int_equal(kmem_available(&b), (PAGES - 1) * KMEM_PAGE);
}

static void test_small_blocks_fill_a_page(void **state)
{
	void *p[KMEM_PAGE / 32 * PAGES + 1]; /* + the final NULL */
	size_t n = 0;

	while ((p[n] = kmem_alloc(&a, 32)))
		n++;
	assert_int_equal(n, KMEM_PAGE / 32 * PAGES);
	for (size_t i = 0; i < n; i++)
		assert_true(inside(p[i], mem_a));
	kmem_free(&a, p[5], 32);
	assert_ptr_equal(kmem_alloc(&a, 20), p[5]);
}

static void test_bad_requests(void **state)
{
	assert_null(kmem_alloc(&a, 0));
	assert_null(kmem_alloc(&a, KMEM_PAGE + 1));
	assert_int_equal(kmem_donate(&a, (char *)mem_b + 8, KMEM_PAGE), ERR_INVALID);
	assert_int_equal(kmem_donate(&a, mem_b, 100), ERR_INVALID);
	assert_int_equal(kmem_donate(&a, mem_b, 0), ERR_INVALID);
	assert_int_equal(a.donated, PAGES * KMEM_PAGE);
}

static void test_empty_pool(void **state)
{
	struct kmem_pool empty;

	kmem_pool_init(&empty);
	assert_null(kmem_alloc(&empty, 32));
	assert_int_equal(kmem_available(&empty), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_alloc_zeroed_aligned_accounted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_blocks_fill_a_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_pool, setup, teardown),
	};
	return cmocka_run_group_tests_name("kmem", tests, NULL, NULL);
}
