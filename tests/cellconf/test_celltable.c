// SPDX-License-Identifier: MIT
/*
 * The cell table: what cellconf encodes from a description decodes to the
 * same cells, and the checker the partition service uses refuses every kind
 * of damaged or inconsistent table with the right error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "emit.h"

static struct system sys;
static uint64_t table[CELLTABLE_MAX_SIZE / 8 + 1];
static size_t table_len;

static int load(void **state)
{
	struct model_paths paths = {CELLCONF_PLATFORM_DIR, {CELLCONF_TEST_DIR "/images"}, 1};
	struct diag d = {0};
	int rc = desc_load(&sys, CELLCONF_TEST_DIR "/good/fixed-and-placed.yaml", &paths, &d);
	long len;

	diag_flush(&d, stderr);
	assert_int_equal(rc, 0);
	len = emit_table(&sys, table, sizeof(table));
	assert_true(len > 0);
	table_len = (size_t)len;
	return 0;
}

/* Recompute the checksum after an edit, so that the checker looks deeper. */
static void reseal(void)
{
	((struct celltable_header *)table)->checksum = celltable_checksum(table, table_len);
}

static struct celltable_cell *cell(unsigned int i)
{
	return (struct celltable_cell *)celltable_cell(table, i);
}

static void test_crc32_known_value(void **state)
{
	assert_int_equal(celltable_crc32(0, "123456789", 9), 0xcbf43926u);
	assert_int_equal(celltable_crc32(0, "", 0), 0);
}

static void test_round_trip_header(void **state)
{
	const struct celltable_header *h = celltable_header(table);

	assert_int_equal(celltable_check(table, table_len), CELLTABLE_OK);
	assert_memory_equal(h->signature, "CELLATAB", 8);
	assert_int_equal(h->version, CELLTABLE_VERSION);
	assert_int_equal(h->size, table_len);
	assert_int_equal(h->ncores, 4);
	assert_int_equal(h->ram_base, 0x80000000u);
	assert_int_equal(h->ram_size, 1u << 30);
	assert_int_equal(h->cell_count, 3);
	assert_int_equal(h->region_count, 5);
	assert_int_equal(h->device_count, 5);
	assert_int_equal(h->channel_count, 2);
	assert_string_equal(h->platform, "vexpress-a15");
}

static void test_round_trip_cells(void **state)
{
	const struct celltable_cell *rtos = celltable_cell(table, 0);
	const struct celltable_cell *lnx = celltable_cell(table, 1);
	const struct celltable_device *mmci = celltable_device(table, lnx->first_device + 1);

	assert_string_equal(rtos->name, "rtos");
	assert_int_equal(rtos->kind, CELLTABLE_KIND_VM);
	assert_int_equal(rtos->cores, 0x1);
	assert_int_equal(rtos->prio_lo, 255);
	assert_int_equal(rtos->prio_hi, 255);
	assert_int_equal(rtos->on_fault, CELLTABLE_ON_FAULT_RESTART);
	assert_int_equal(rtos->kmem_quota, 1u << 20);
	assert_int_equal(rtos->region_count, 2);
	assert_int_equal(celltable_region(table, 0)->base, 0x84000000u);
	assert_int_equal(celltable_region(table, 0)->size, 2u << 20);
	assert_string_equal(lnx->name, "linux");
	assert_int_equal(lnx->cores, 0x6);
	assert_int_equal(lnx->first_region, 2);
	assert_int_equal(lnx->device_count, 3);
	assert_string_equal(mmci->name, "mmci");
	assert_int_equal(mmci->base, 0x1c050000u);
	assert_int_equal(mmci->irq_count, 2);
	assert_int_equal(mmci->irqs[0], 41);
	assert_int_equal(mmci->irqs[1], 42);
	assert_int_equal(celltable_cell(table, 2)->kmem_quota, 128u << 10);
}

static void test_round_trip_channels(void **state)
{
	const struct celltable_channel *log = celltable_channel(table, 0);
	const struct celltable_channel *ctl = celltable_channel(table, 1);

	assert_string_equal(log->name, "shared-log");
	assert_int_equal(log->base, 0xb0000000u);
	assert_int_equal(log->cell[0], 0);
	assert_int_equal(log->cell[1], 1);
	assert_int_equal(log->rights[0], CELLTABLE_RIGHT_READ | CELLTABLE_RIGHT_WRITE);
	assert_int_equal(log->rights[1], CELLTABLE_RIGHT_READ);
	assert_int_equal(log->flags, 0);
	assert_int_equal(ctl->flags, CELLTABLE_CHANNEL_DOORBELL);
	assert_int_equal(ctl->cell[1], 2);
}

static void test_rejects_bad_header(void **state)
{
	assert_int_equal(celltable_check(table, sizeof(struct celltable_header) - 1),
			 CELLTABLE_ERR_SIZE);
	assert_int_equal(celltable_check(table, table_len - 1), CELLTABLE_ERR_SIZE);
	assert_int_equal(celltable_check((char *)table + 4, table_len), CELLTABLE_ERR_SIZE);
	((char *)table)[0] = 'X';
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_SIGNATURE);
	load(state);
	((struct celltable_header *)table)->version = CELLTABLE_VERSION + 1;
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_VERSION);
	load(state);
	((char *)table)[table_len - 1] ^= 1;
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_CHECKSUM);
	load(state);
}

static void test_rejects_bad_layout(void **state)
{
	((struct celltable_header *)table)->regions_offset += 8;
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_LAYOUT);
	load(state);
	cell(1)->first_region = 0;
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_LAYOUT);
	load(state);
}

static void test_rejects_bad_records(void **state)
{
	memset(cell(0)->name, 'a', CELLTABLE_NAME_LEN);
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_NAME);
	load(state);
	cell(0)->prio_lo = 255;
	cell(0)->prio_hi = 1;
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_RECORD);
	load(state);
	cell(0)->cores = 0x10; /* core 4 of a 4-core platform */
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_RECORD);
	load(state);
	((struct celltable_channel *)celltable_channel(table, 0))->rights[1] = 0;
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_RECORD);
	load(state);
	((struct celltable_region *)celltable_region(table, 0))->base = 0x7ff00000;
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_RECORD);
	load(state);
}

/* A core in two cells: only with a free priority between their bands. */
static void test_core_shared_by_bands(void **state)
{
	cell(1)->cores |= 0x1; /* core 0 belongs to rtos, 255..255; linux is 0..99 */
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_OK);
	cell(1)->prio_hi = 253; /* 254 free */
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_OK);
	cell(1)->prio_hi = 254; /* adjacent: no room for linux's VMM threads */
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_OVERLAP);
	cell(1)->prio_lo = 255;
	cell(1)->prio_hi = 255;
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_OVERLAP);
	assert_false(celltable_bands_apart(10, 100, 101, 200));
	assert_true(celltable_bands_apart(10, 100, 102, 200));
	assert_true(celltable_bands_apart(102, 200, 10, 100));
	assert_false(celltable_bands_apart(10, 100, 50, 60));
}

static void test_rejects_sharing(void **state)
{
	((struct celltable_region *)celltable_region(table, 1))->base = 0x84100000;
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_OVERLAP);
	load(state);
	((struct celltable_device *)celltable_device(table, 2))->base = 0x1c0a0000;
	reseal();
	assert_int_equal(celltable_check(table, table_len), CELLTABLE_ERR_OVERLAP);
	load(state);
}

static void test_strerror(void **state)
{
	assert_string_equal(celltable_strerror(CELLTABLE_ERR_CHECKSUM), "checksum mismatch");
	assert_string_equal(celltable_strerror(-100), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32_known_value),
		cmocka_unit_test_setup(test_round_trip_header, load),
		cmocka_unit_test_setup(test_round_trip_cells, load),
		cmocka_unit_test_setup(test_round_trip_channels, load),
		cmocka_unit_test_setup(test_rejects_bad_header, load),
		cmocka_unit_test_setup(test_rejects_bad_layout, load),
		cmocka_unit_test_setup(test_rejects_bad_records, load),
		cmocka_unit_test_setup(test_core_shared_by_bands, load),
		cmocka_unit_test_setup(test_rejects_sharing, load),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("celltable", tests, NULL, NULL);
}
