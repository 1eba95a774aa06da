// SPDX-License-Identifier: MIT
/* Unit tests of the LPAE table builder (arch/armv7/lpae.c), at a fake physical address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <err.h>

#include <arch/lpae.h>

#define POOL_TABLES 8
#define FAKE_PA	    0x40000000ull /* where the pool "is", as hardware sees it */
#define GiB	    (1ull << 30)
#define MiB	    (1ull << 20)

/* Tables from a malloc'd array that "is" at physical address FAKE_PA. */
struct fixture {
	struct lpae_alloc pool; /* first: the callbacks get the fixture back */
	struct lpae_table *root;
	struct lpae_table *tables;
	unsigned int used;
};

static struct lpae_table *fake_alloc(struct lpae_alloc *a)
{
	struct fixture *f = (struct fixture *)a;

	if (f->used == POOL_TABLES)
		return NULL;
	return memset(&f->tables[f->used++], 0, sizeof(struct lpae_table));
}

static paddr_t fake_pa(const struct lpae_alloc *a, const struct lpae_table *t)
{
	const struct fixture *f = (const struct fixture *)a;

	return FAKE_PA + (paddr_t)(t - f->tables) * sizeof(*t);
}

static struct lpae_table *fake_table(const struct lpae_alloc *a, paddr_t pa)
{
	const struct fixture *f = (const struct fixture *)a;
	uint64_t i = (pa - FAKE_PA) / sizeof(struct lpae_table);

	return pa >= FAKE_PA && i < f->used ? &f->tables[i] : NULL;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->pool = (struct lpae_alloc){fake_alloc, fake_pa, fake_table};
	f->tables = aligned_alloc(LPAE_PAGE_SIZE, POOL_TABLES * sizeof(struct lpae_table));
	f->root = fake_alloc(&f->pool);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->tables);
	free(f);
	return 0;
}

/* Look @va up and check where it goes, with which attributes, by what block. */
static void expect_map(struct fixture *f, uint64_t va, paddr_t pa, uint64_t attrs, uint64_t block)
{
	paddr_t got_pa;
	uint64_t got_attrs, got_block;

	assert_true(lpae_lookup(&f->pool, f->root, va, &got_pa, &got_attrs, &got_block));
	assert_int_equal(got_pa, pa);
	assert_int_equal(got_attrs, attrs);
	assert_int_equal(got_block, block);
}

static void expect_unmapped(struct fixture *f, uint64_t va)
{
	paddr_t pa;
	uint64_t attrs, block;

	assert_false(lpae_lookup(&f->pool, f->root, va, &pa, &attrs, &block));
}

static void test_gigabyte_block(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(lpae_map(&f->pool, f->root, 0, 0, GiB, HYP_DEVICE), ERR_NONE);
	assert_int_equal(f->used, 1); /* no table below the root */
	expect_map(f, 0x1c090000, 0x1c090000, HYP_DEVICE, GiB);
	expect_unmapped(f, GiB);
}

static void test_two_megabyte_blocks_and_pages(void **state)
{
	struct fixture *f = *state;
	uint64_t base = 0x80000000;

	/* 4 MiB + 8 KiB from a 2 MiB boundary: two blocks and two pages. */
	assert_int_equal(lpae_map(&f->pool, f->root, base, base, 4 * MiB + 0x2000, HYP_DATA),
			 ERR_NONE);
	expect_map(f, base + 0x1234, base + 0x1234, HYP_DATA, 2 * MiB);
	expect_map(f, base + 2 * MiB + 8, base + 2 * MiB + 8, HYP_DATA, 2 * MiB);
	expect_map(f, base + 4 * MiB + 0x1ff0, base + 4 * MiB + 0x1ff0, HYP_DATA, LPAE_PAGE_SIZE);
	expect_unmapped(f, base + 4 * MiB + 0x2000);
	assert_int_equal(f->used, 3); /* root, level 2, one level 3 */
}

static void test_kernel_layout(void **state)
{
	struct fixture *f = *state;
	uint64_t ram = 0x80000000, text = ram + 0x10000, rodata = text + 0x9000;
	uint64_t data = rodata + 0x3000, end = ram + 64 * MiB;

	assert_int_equal(lpae_map(&f->pool, f->root, ram, ram, text - ram, HYP_DATA), 0);
	assert_int_equal(lpae_map(&f->pool, f->root, text, text, rodata - text, HYP_TEXT), 0);
	assert_int_equal(lpae_map(&f->pool, f->root, rodata, rodata, data - rodata, HYP_RODATA), 0);
	assert_int_equal(lpae_map(&f->pool, f->root, data, data, end - data, HYP_DATA), 0);
	expect_map(f, text, text, HYP_TEXT, LPAE_PAGE_SIZE);
	expect_map(f, rodata + 4, rodata + 4, HYP_RODATA, LPAE_PAGE_SIZE);
	expect_map(f, data, data, HYP_DATA, LPAE_PAGE_SIZE);
	expect_map(f, ram + 2 * MiB, ram + 2 * MiB, HYP_DATA, 2 * MiB);
	expect_unmapped(f, end);
}

static void test_offset_mapping(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(lpae_map(&f->pool, f->root, 0x10000000, 0x123456000ull, 0x3000, HYP_DATA),
			 ERR_NONE);
	expect_map(f, 0x10002abc, 0x123458abcull, HYP_DATA, LPAE_PAGE_SIZE);
}

static void test_overlap_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(lpae_map(&f->pool, f->root, 0x80000000, 0x80000000, 2 * MiB, HYP_DATA),
			 ERR_NONE);
	assert_int_equal(lpae_map(&f->pool, f->root, 0x80001000, 0x80001000, 0x1000, HYP_DATA),
			 ERR_EXISTS);
	assert_int_equal(lpae_map(&f->pool, f->root, 0x80000000, 0x80000000, GiB, HYP_DATA),
			 ERR_EXISTS);
}

static void test_bad_arguments(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(lpae_map(&f->pool, f->root, 0x1000, 0x1000, 0, HYP_DATA), ERR_INVALID);
	assert_int_equal(lpae_map(&f->pool, f->root, 0x1001, 0x1000, 0x1000, HYP_DATA),
			 ERR_INVALID);
	assert_int_equal(lpae_map(&f->pool, f->root, 0x1000, 0x1800, 0x1000, HYP_DATA),
			 ERR_INVALID);
	assert_int_equal(lpae_map(&f->pool, f->root, 0xfffff000, 0, 0x2000, HYP_DATA), ERR_INVALID);
	assert_int_equal(lpae_map(&f->pool, f->root, 0, 1ull << 40, 0x1000, HYP_DATA), ERR_INVALID);
	assert_int_equal(lpae_map(&f->pool, f->root, 0, 0, 0x1000, 1ull << 12), ERR_INVALID);
	assert_int_equal(f->used, 1);
}

static void test_pool_exhaustion(void **state)
{
	struct fixture *f = *state;
	int err = ERR_NONE;

	/* Each page in a fresh 2 MiB region needs a level-2 or level-3 table. */
	for (uint64_t i = 0; i < POOL_TABLES && !err; i++)
		err = lpae_map(&f->pool, f->root, i * GiB / 2 + 0x1000, 0x1000, 0x1000, HYP_DATA);
	assert_int_equal(err, ERR_NO_MEMORY);
	assert_null(fake_alloc(&f->pool));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gigabyte_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_megabyte_blocks_and_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_kernel_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offset_mapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlap_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_exhaustion, setup, teardown),
	};
	return cmocka_run_group_tests_name("lpae", tests, NULL, NULL);
}
