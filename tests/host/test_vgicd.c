// SPDX-License-Identifier: MIT
/*
 * Unit tests of the VMM's emulated GICv2 distributor (partition/vmm/vgicd.c):
 * every register, byte and word access, banking per VCPU, the kernel calls
 * through the ops, reserved offsets and accesses GICv2 does not allow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include <uapi/cella/errors.h>
#include <vgicd.h>

#define ISENABLER  0x100
#define ICENABLER  0x180
#define ISPENDR	   0x200
#define ICPENDR	   0x280
#define ISACTIVER  0x300
#define ICACTIVER  0x380
#define IPRIORITYR 0x400
#define ITARGETSR  0x800
#define ICFGR	   0xc00
#define SGIR	   0xf00

struct call {
	unsigned int vcpu, virq, op;
};

static struct call calls[64];
static unsigned int ncalls;
static int virq_result;
static struct vgicd d;

static int mock_virq(void *ctx, unsigned int vcpu, unsigned int virq, unsigned int op)
{
	assert_ptr_equal(ctx, &d);
	assert_true(ncalls < 64);
	calls[ncalls++] = (struct call){vcpu, virq, op};
	return virq_result;
}

static const struct vgicd_ops ops = {.virq = mock_virq};

/* The next recorded call is (vcpu, virq, op). */
static unsigned int next_call;
static void expect_call(unsigned int vcpu, unsigned int virq, unsigned int op)
{
	assert_true(next_call < ncalls);
	assert_int_equal(calls[next_call].vcpu, vcpu);
	assert_int_equal(calls[next_call].virq, virq);
	assert_int_equal(calls[next_call].op, op);
	next_call++;
}

static void expect_no_more_calls(void)
{
	assert_int_equal(ncalls, next_call);
}

static int setup4(void **state)
{
	ncalls = next_call = 0;
	virq_result = 0;
	return vgicd_init(&d, 4, &ops, &d);
}

static uint32_t rd(unsigned int vcpu, uint32_t off)
{
	return vgicd_read(&d, vcpu, off, 4);
}

static void wr(unsigned int vcpu, uint32_t off, uint32_t value)
{
	vgicd_write(&d, vcpu, off, 4, value);
}

static void test_init_checks_vcpus(void **state)
{
	assert_int_equal(vgicd_init(&d, 0, &ops, &d), ERR_INVALID);
	assert_int_equal(vgicd_init(&d, VCPU_MAX + 1, &ops, &d), ERR_INVALID);
	assert_int_equal(vgicd_init(&d, VCPU_MAX, &ops, &d), ERR_NONE);
	assert_int_equal(ncalls, 0);
}

static void test_ctlr_typer_iidr(void **state)
{
	assert_int_equal(rd(0, 0x000), 0);
	wr(1, 0x000, 0xffffffff);
	assert_int_equal(rd(0, 0x000), 1);
	wr(0, 0x000, 0);
	assert_int_equal(rd(2, 0x000), 0);
	/* 96 IDs: ITLinesNumber 2; 4 CPUs: CPUNumber 3; no security extensions. */
	assert_int_equal(rd(0, 0x004), 0x62);
	wr(0, 0x004, 0);
	assert_int_equal(rd(3, 0x004), 0x62);
	assert_int_equal(rd(0, 0x008), 0x0200043b);
	assert_int_equal(vgicd_init(&d, 1, &ops, &d), ERR_NONE);
	assert_int_equal(rd(0, 0x004), 0x02);
	assert_int_equal(d.stats.reserved + d.stats.bad_access, 0);
}

static void test_id_registers(void **state)
{
	static const uint32_t want[] = {0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0, 0x0d, 0xf0, 0x05, 0xb1};

	for (unsigned int i = 0; i < 12; i++)
		assert_int_equal(rd(0, 0xfd0 + 4 * i), want[i]);
	wr(0, 0xfe8, 0);
	assert_int_equal(rd(1, 0xfe8), 0x2b);
	assert_int_equal(d.stats.reserved, 0);
}

static void test_sgi_ppi_enable_is_banked(void **state)
{
	/* Linux's gic_cpu_config: PPIs off, SGIs on; then the timer PPI 27. */
	wr(0, ICENABLER, 0xffff0000);
	expect_no_more_calls();
	wr(0, ISENABLER, 0x0000ffff);
	for (unsigned int id = 0; id < 16; id++)
		expect_call(0, id, VIRQ_ENABLE);
	wr(0, ISENABLER, 1u << 27);
	expect_call(0, 27, VIRQ_ENABLE);
	expect_no_more_calls();
	assert_int_equal(rd(0, ISENABLER), 0x0800ffff);
	assert_int_equal(rd(0, ICENABLER), 0x0800ffff);
	assert_int_equal(rd(1, ISENABLER), 0);
	/* Enabling what is enabled, or writing zeros, calls nothing. */
	wr(0, ISENABLER, 0x0800ffff);
	wr(0, ICENABLER, 0);
	expect_no_more_calls();
	wr(1, ISENABLER, 1u << 27);
	expect_call(1, 27, VIRQ_ENABLE);
	wr(0, ICENABLER, 1u << 27 | 1u << 3);
	expect_call(0, 3, VIRQ_DISABLE);
	expect_call(0, 27, VIRQ_DISABLE);
	expect_no_more_calls();
	assert_int_equal(rd(0, ISENABLER), 0x0000fff7);
	assert_int_equal(rd(1, ISENABLER), 0x08000000);
}

static void test_spi_enable_goes_to_owner(void **state)
{
	wr(3, ISENABLER + 4, 1u << 1); /* ID 33, owned by VCPU 0 */
	expect_call(0, 33, VIRQ_ENABLE);
	assert_int_equal(rd(1, ISENABLER + 4), 2);
	assert_int_equal(vgicd_bind_spi(&d, 33, 2), ERR_NONE);
	expect_call(0, 33, VIRQ_DISABLE);
	expect_call(2, 33, VIRQ_ENABLE);
	wr(0, ICENABLER + 4, 1u << 1);
	expect_call(2, 33, VIRQ_DISABLE);
	/* A disabled SPI changes owner quietly. */
	assert_int_equal(vgicd_bind_spi(&d, 95, 3), ERR_NONE);
	expect_no_more_calls();
	wr(0, ISENABLER + 8, 1u << 31 | 1u);
	expect_call(0, 64, VIRQ_ENABLE);
	expect_call(3, 95, VIRQ_ENABLE);
	expect_no_more_calls();
	assert_int_equal(rd(2, ICENABLER + 8), 0x80000001);
}

static void test_bind_spi_checks(void **state)
{
	assert_int_equal(vgicd_bind_spi(&d, 31, 0), ERR_INVALID);
	assert_int_equal(vgicd_bind_spi(&d, VIRQ_COUNT, 0), ERR_INVALID);
	assert_int_equal(vgicd_bind_spi(&d, 40, 4), ERR_INVALID);
	assert_int_equal(vgicd_bind_spi(&d, 32, 3), ERR_NONE);
	expect_no_more_calls();
}

static void test_ids_beyond_96_are_reserved(void **state)
{
	wr(0, ISENABLER + 12, 0xffffffff);
	assert_int_equal(rd(0, ISENABLER + 12), 0);
	assert_int_equal(rd(0, IPRIORITYR + 96), 0);
	wr(0, ITARGETSR + 100, 1);
	assert_int_equal(rd(0, ICFGR + 24), 0);
	expect_no_more_calls();
	assert_int_equal(d.stats.reserved, 5);
}

static void test_pending(void **state)
{
	assert_int_equal(vgicd_bind_spi(&d, 40, 1), ERR_NONE);
	wr(2, ISPENDR, 0x0010ffff);  /* SGIs ignored, PPI 20 on the writer */
	wr(2, ISPENDR + 4, 1u << 8); /* SPI 40 on its owner */
	expect_call(2, 20, VIRQ_RAISE);
	expect_call(1, 40, VIRQ_RAISE);
	/* Pending state lives in the kernel: reads are 0, clearing is ignored. */
	assert_int_equal(rd(2, ISPENDR), 0);
	assert_int_equal(rd(2, ISPENDR + 4), 0);
	assert_int_equal(rd(2, ICPENDR + 4), 0);
	wr(2, ICPENDR, 0xffffffff);
	wr(2, ICPENDR + 4, 0xffffffff);
	expect_no_more_calls();
}

static void test_active_and_group_read_zero(void **state)
{
	for (uint32_t off = 0; off < 12; off += 4) {
		wr(0, ISACTIVER + off, 0xffffffff);
		wr(0, ICACTIVER + off, 0xffffffff);
		wr(0, 0x080 + off, 0xffffffff);
		assert_int_equal(rd(0, ISACTIVER + off), 0);
		assert_int_equal(rd(0, ICACTIVER + off), 0);
		assert_int_equal(rd(0, 0x080 + off), 0);
	}
	expect_no_more_calls();
	assert_int_equal(d.stats.reserved + d.stats.bad_access, 0);
}

static void test_priority_bytes_and_words(void **state)
{
	vgicd_write(&d, 0, IPRIORITYR + 40, 1, 0xff);
	assert_int_equal(vgicd_read(&d, 3, IPRIORITYR + 40, 1), 0xf8);
	assert_int_equal(rd(3, IPRIORITYR + 40), 0xf8);
	wr(1, IPRIORITYR + 32, 0x12345678);
	assert_int_equal(rd(0, IPRIORITYR + 32), 0x10305078);
	assert_int_equal(vgicd_read(&d, 0, IPRIORITYR + 33, 1), 0x50);
	assert_int_equal(vgicd_read(&d, 0, IPRIORITYR + 35, 1), 0x10);
	/* IDs 0-31 are banked. */
	vgicd_write(&d, 0, IPRIORITYR + 27, 1, 0xa0);
	wr(1, IPRIORITYR + 0, 0x80808080);
	assert_int_equal(vgicd_read(&d, 0, IPRIORITYR + 27, 1), 0xa0);
	assert_int_equal(rd(0, IPRIORITYR + 24), 0xa0000000);
	assert_int_equal(rd(1, IPRIORITYR + 24), 0);
	assert_int_equal(rd(0, IPRIORITYR), 0);
	assert_int_equal(rd(1, IPRIORITYR), 0x80808080);
	expect_no_more_calls();
}

static void test_targets(void **state)
{
	/* Banked IDs: read-only, each byte the reader's own bit. */
	assert_int_equal(rd(0, ITARGETSR), 0x01010101);
	assert_int_equal(rd(2, ITARGETSR + 28), 0x04040404);
	assert_int_equal(vgicd_read(&d, 3, ITARGETSR + 27, 1), 0x08);
	wr(2, ITARGETSR + 28, 0);
	assert_int_equal(rd(2, ITARGETSR + 28), 0x04040404);
	/* SPIs: stored, bits of VCPUs that do not exist dropped. */
	assert_int_equal(rd(0, ITARGETSR + 32), 0);
	wr(0, ITARGETSR + 32, 0xff0f0201);
	assert_int_equal(rd(1, ITARGETSR + 32), 0x0f0f0201);
	vgicd_write(&d, 0, ITARGETSR + 95, 1, 0x34);
	assert_int_equal(vgicd_read(&d, 0, ITARGETSR + 95, 1), 0x04);
	assert_int_equal(rd(0, ITARGETSR + 92), 0x04000000);
	expect_no_more_calls();
}

static void test_config(void **state)
{
	/* SGIs: edge, read-only. */
	assert_int_equal(rd(0, ICFGR), 0xaaaaaaaa);
	wr(0, ICFGR, 0);
	assert_int_equal(rd(0, ICFGR), 0xaaaaaaaa);
	/* PPIs: banked; the low bit of each field is reserved. */
	assert_int_equal(rd(0, ICFGR + 4), 0);
	wr(0, ICFGR + 4, 0xffffffff);
	assert_int_equal(rd(0, ICFGR + 4), 0xaaaaaaaa);
	assert_int_equal(rd(1, ICFGR + 4), 0);
	/* SPIs: stored. */
	wr(3, ICFGR + 8, 0x0000000e);
	assert_int_equal(rd(0, ICFGR + 8), 0x0000000a);
	wr(3, ICFGR + 20, 0x80000000);
	assert_int_equal(rd(1, ICFGR + 20), 0x80000000);
	expect_no_more_calls();
}

static void test_sgir_raises_per_target(void **state)
{
	wr(0, SGIR, 0x00060005); /* list: VCPUs 1 and 2, SGI 5 */
	expect_call(1, 5, VIRQ_RAISE);
	expect_call(2, 5, VIRQ_RAISE);
	wr(1, SGIR, 0x01000003); /* all but the writer */
	expect_call(0, 3, VIRQ_RAISE);
	expect_call(2, 3, VIRQ_RAISE);
	expect_call(3, 3, VIRQ_RAISE);
	wr(3, SGIR, 0x02ff000f); /* self only: the list is ignored */
	expect_call(3, 15, VIRQ_RAISE);
	wr(0, SGIR, 0x03ff0001); /* reserved filter */
	wr(0, SGIR, 0x00f00001); /* VCPUs 4-7 do not exist */
	expect_no_more_calls();
	assert_int_equal(rd(0, SGIR), 0);
}

static void test_accesses_gicv2_does_not_allow(void **state)
{
	vgicd_write(&d, 0, ISENABLER, 2, 0xffff);	   /* halfword */
	vgicd_write(&d, 0, ISENABLER, 1, 0xff);		   /* byte, where only words are allowed */
	vgicd_write(&d, 0, IPRIORITYR + 2, 2, 0xffff);	   /* halfword */
	vgicd_write(&d, 0, IPRIORITYR + 1, 4, 0xffffffff); /* misaligned */
	assert_int_equal(vgicd_read(&d, 0, 0x004, 2), 0);
	assert_int_equal(vgicd_read(&d, 0, 0x004, 1), 0);
	assert_int_equal(vgicd_read(&d, 0, 0x1000, 4), 0);
	assert_int_equal(vgicd_read(&d, 4, 0x004, 4), 0); /* no VCPU 4 */
	assert_int_equal(vgicd_read(&d, 0, 0x004, 8), 0);
	assert_int_equal(d.stats.bad_access, 9);
	assert_int_equal(rd(0, IPRIORITYR), 0);
	assert_int_equal(rd(0, ISENABLER), 0);
	expect_no_more_calls();
}

static void test_reserved_offsets(void **state)
{
	static const uint32_t reserved[] = {0x00c, 0x040, 0x07c, 0xd00, 0xe00, 0xf04, 0xf30, 0xfcc};

	for (unsigned int i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		wr(0, reserved[i], 0xffffffff);
		assert_int_equal(rd(0, reserved[i]), 0);
	}
	assert_int_equal(d.stats.reserved, 16);
	/* CPENDSGIR and SPENDSGIR: architectural, read as zero, bytes allowed. */
	wr(0, 0xf10, 0xffffffff);
	assert_int_equal(vgicd_read(&d, 0, 0xf2f, 1), 0);
	assert_int_equal(d.stats.reserved + d.stats.bad_access, 16);
	expect_no_more_calls();
}

static void test_failed_calls_are_counted(void **state)
{
	virq_result = ERR_INVALID;
	wr(0, ISENABLER + 4, 1);
	expect_call(0, 32, VIRQ_ENABLE);
	assert_int_equal(d.stats.ops_failed, 1);
	/* The guest's view stays what it wrote. */
	assert_int_equal(rd(0, ISENABLER + 4), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_checks_vcpus, setup4),
		cmocka_unit_test_setup(test_ctlr_typer_iidr, setup4),
		cmocka_unit_test_setup(test_id_registers, setup4),
		cmocka_unit_test_setup(test_sgi_ppi_enable_is_banked, setup4),
		cmocka_unit_test_setup(test_spi_enable_goes_to_owner, setup4),
		cmocka_unit_test_setup(test_bind_spi_checks, setup4),
		cmocka_unit_test_setup(test_ids_beyond_96_are_reserved, setup4),
		cmocka_unit_test_setup(test_pending, setup4),
		cmocka_unit_test_setup(test_active_and_group_read_zero, setup4),
		cmocka_unit_test_setup(test_priority_bytes_and_words, setup4),
		cmocka_unit_test_setup(test_targets, setup4),
		cmocka_unit_test_setup(test_config, setup4),
		cmocka_unit_test_setup(test_sgir_raises_per_target, setup4),
		cmocka_unit_test_setup(test_accesses_gicv2_does_not_allow, setup4),
		cmocka_unit_test_setup(test_reserved_offsets, setup4),
		cmocka_unit_test_setup(test_failed_calls_are_counted, setup4),
	};
	return cmocka_run_group_tests_name("vgicd", tests, NULL, NULL);
}
