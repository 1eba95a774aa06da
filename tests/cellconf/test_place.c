// SPDX-License-Identifier: MIT
/*
 * Placement: memory left open goes, in file order, to the lowest free
 * address aligned to its natural alignment (at most 2M), around reserved
 * ranges and fixed regions; and `plan` keeps cells inside cache domains.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "show.h"

#define MIB (1ull << 20)
#define KIB (1ull << 10)

static struct system sys;

/* A 256M platform at 0x80000000 with its first 16M reserved. */
static int setup(void **state)
{
	memset(&sys, 0, sizeof(sys));
	sys.file = "test.yaml";
	snprintf(sys.platform.name, sizeof(sys.platform.name), "testboard");
	sys.platform.ram_base = 0x80000000;
	sys.platform.ram_size = 256 * MIB;
	sys.platform.reserved[0] = (struct model_range){"kernel", 0x80000000, 16 * MIB};
	sys.platform.nreserved = 1;
	return 0;
}

static struct model_region *add_region(unsigned int cell, uint64_t size, uint64_t base)
{
	struct model_cell *c = &sys.cells[cell];
	struct model_region *r = &c->regions[c->nregions++];

	if (cell >= sys.ncells)
		sys.ncells = cell + 1;
	snprintf(c->name, sizeof(c->name), "c%u", cell);
	*r = (struct model_region){base, size, base == 0, {cell + 1, 1}};
	return r;
}

static int place(size_t *errors)
{
	struct diag d = {0};
	int rc = place_memory(&sys, &d);

	*errors = d.count;
	diag_discard(&d);
	return rc;
}

static void test_first_fit_in_file_order(void **state)
{
	struct model_region *a = add_region(0, 1 * MIB, 0);
	struct model_region *b = add_region(1, 4 * KIB, 0);
	struct model_region *c = add_region(2, 64 * KIB, 0);
	size_t errors;

	assert_int_equal(place(&errors), 0);
	assert_int_equal(a->base, 0x81000000);
	assert_int_equal(b->base, 0x81100000);
	/* 64K aligned: skips from 0x81101000 to the next 64K boundary. */
	assert_int_equal(c->base, 0x81110000);
}

static void test_alignment_capped_at_2m(void **state)
{
	struct model_region *small = add_region(0, 4 * KIB, 0);
	struct model_region *big = add_region(1, 96 * MIB, 0);
	size_t errors;

	assert_int_equal(place(&errors), 0);
	assert_int_equal(small->base, 0x81000000);
	assert_int_equal(big->base, 0x81200000); /* 2M-aligned, not 32M */
}

static void test_goes_around_fixed_regions(void **state)
{
	struct model_region *fixed = add_region(0, 1 * MIB, 0x81000000);
	struct model_region *open = add_region(1, 2 * MIB, 0);
	struct model_region *later = add_region(2, 512 * KIB, 0);
	size_t errors;

	assert_int_equal(place(&errors), 0);
	assert_int_equal(fixed->base, 0x81000000);
	assert_int_equal(open->base, 0x81200000);
	/* The gap the fixed region left below the 2M boundary is used. */
	assert_int_equal(later->base, 0x81100000);
}

static void test_channels_after_cells(void **state)
{
	struct model_region *cell = add_region(0, 1 * MIB, 0);
	size_t errors;

	sys.nchannels = 1;
	snprintf(sys.channels[0].name, sizeof(sys.channels[0].name), "ch");
	sys.channels[0].mem = (struct model_region){0, 64 * KIB, 1, {9, 1}};
	assert_int_equal(place(&errors), 0);
	assert_int_equal(cell->base, 0x81000000);
	assert_int_equal(sys.channels[0].mem.base, 0x81100000);
}

static void test_reports_what_does_not_fit(void **state)
{
	add_region(0, 200 * MIB, 0);
	add_region(1, 100 * MIB, 0);
	add_region(2, 32 * MIB, 0);
	size_t errors;

	assert_int_equal(place(&errors), -1);
	assert_int_equal(errors, 1); /* only the 100M region: 32M still fits after 200M */
	assert_int_equal(sys.cells[2].regions[0].base, 0x8d800000);
}

static void test_is_deterministic(void **state)
{
	uint64_t first[3];
	size_t errors;

	for (int round = 0; round < 2; round++) {
		setup(state);
		add_region(0, 3 * MIB, 0);
		add_region(1, 12 * KIB, 0);
		add_region(2, 5 * MIB, 0);
		assert_int_equal(place(&errors), 0);
		for (int i = 0; i < 3; i++) {
			if (round)
				assert_int_equal(sys.cells[i].regions[0].base, first[i]);
			first[i] = sys.cells[i].regions[0].base;
		}
	}
}

/*
 * Plan on two packages of two 4-core L2s: cells of 2, 1 and 1 cores, a channel
 * between the first and the last. The lone cell gets an L2 of its own, the
 * peer joins its partner.
 */
static void test_plan_keeps_cells_in_cache_domains(void **state)
{
	static struct topo t;
	char err[200], out[4096];
	FILE *f = fmemopen(out, sizeof(out), "w");

	assert_int_equal(
		topo_load(&t, NULL, "Package:2 L3Cache:1 L2Cache:2 Core:4 PU:1", err, sizeof(err)),
		0);
	assert_int_equal(t.ncores, 16);
	sys.ncells = 3;
	snprintf(sys.cells[0].name, CELLTABLE_NAME_LEN, "one");
	sys.cells[0].cores = 0x1;
	snprintf(sys.cells[1].name, CELLTABLE_NAME_LEN, "two");
	sys.cells[1].cores = 0x6;
	snprintf(sys.cells[2].name, CELLTABLE_NAME_LEN, "peer");
	sys.cells[2].cores = 0x8;
	sys.nchannels = 1;
	sys.channels[0].cell[0] = 1;
	sys.channels[0].cell[1] = 2;
	assert_int_equal(plan_system(&sys, &t, "t", f), 0);
	fclose(f);
	assert_non_null(strstr(out, "two              2 cores -> cores 0-1 in L2 #0"));
	assert_non_null(strstr(out, "one              1 core -> core 4 in L2 #1"));
	assert_non_null(strstr(
		out,
		"#1 (4 MiB, cores 4-7): the smallest cache domain with 1 free core; no other cell uses it"));
	assert_non_null(strstr(out, "it holds a channel peer"));
	assert_non_null(strstr(out, "peer             1 core -> core 2 in L2 #0"));
	assert_non_null(strstr(out, "4 of 16 cores used, 12 free"));
}

static void test_plan_fails_without_cores(void **state)
{
	static struct topo t;
	char err[200], out[4096];
	FILE *f = fmemopen(out, sizeof(out), "w");

	assert_int_equal(topo_load(&t, NULL, "Package:1 Core:2 PU:1", err, sizeof(err)), 0);
	sys.ncells = 1;
	snprintf(sys.cells[0].name, CELLTABLE_NAME_LEN, "big");
	sys.cells[0].cores = 0x7;
	assert_int_equal(plan_system(&sys, &t, "t", f), -1);
	fclose(f);
	assert_non_null(strstr(out, "not placed: only 2 cores left free"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_first_fit_in_file_order, setup),
		cmocka_unit_test_setup(test_alignment_capped_at_2m, setup),
		cmocka_unit_test_setup(test_goes_around_fixed_regions, setup),
		cmocka_unit_test_setup(test_channels_after_cells, setup),
		cmocka_unit_test_setup(test_reports_what_does_not_fit, setup),
		cmocka_unit_test_setup(test_is_deterministic, setup),
		cmocka_unit_test_setup(test_plan_keeps_cells_in_cache_domains, setup),
		cmocka_unit_test_setup(test_plan_fails_without_cores, setup),
	};

	return cmocka_run_group_tests_name("placement", tests, NULL, NULL);
}
