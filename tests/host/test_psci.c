// SPDX-License-Identifier: MIT
/*
 * Unit tests of the VMM's PSCI (partition/vmm/psci.c): every function, each
 * error the specification names, and the power state machine of the VCPUs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include <psci.h>
#include <uapi/cella/errors.h>

/* Two clusters of two: Aff1 0 and 1. */
static const uint32_t mpidr[4] = {0x80000000, 0x80000001, 0x80000100, 0x80000101};

static struct psci p;
static struct {
	unsigned int calls, vcpu;
	uint32_t pc, cpsr, r0;
	int result;
} on;
static unsigned int events[2];

static int mock_cpu_on(void *ctx, unsigned int vcpu, uint32_t pc, uint32_t cpsr, uint32_t r0)
{
	assert_ptr_equal(ctx, &p);
	on.calls++;
	on.vcpu = vcpu;
	on.pc = pc;
	on.cpsr = cpsr;
	on.r0 = r0;
	return on.result;
}

static void mock_system_event(void *ctx, enum psci_event event)
{
	assert_ptr_equal(ctx, &p);
	events[event]++;
}

static const struct psci_ops ops = {.cpu_on = mock_cpu_on, .system_event = mock_system_event};

static int setup(void **state)
{
	on = (typeof(on)){0};
	events[0] = events[1] = 0;
	return psci_init(&p, 4, mpidr, 0, &ops, &p);
}

static int32_t call(unsigned int caller, uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	const uint32_t a[4] = {fn, a1, a2, a3};
	struct psci_result r = psci_call(&p, caller, a);

	assert_false(r.stop);
	return (int32_t)r.r0;
}

static int32_t affinity(unsigned int caller, uint32_t target)
{
	return call(caller, PSCI_FN_AFFINITY_INFO, target, 0, 0);
}

static void test_init_checks(void **state)
{
	const uint32_t same[2] = {0x80000001, 0x00000001}; /* one affinity */

	assert_int_equal(psci_init(&p, 0, mpidr, 0, &ops, &p), ERR_INVALID);
	assert_int_equal(psci_init(&p, VCPU_MAX + 1, mpidr, 0, &ops, &p), ERR_INVALID);
	assert_int_equal(psci_init(&p, 4, mpidr, 4, &ops, &p), ERR_INVALID);
	assert_int_equal(psci_init(&p, 2, same, 0, &ops, &p), ERR_INVALID);
	assert_int_equal(psci_init(&p, 4, mpidr, 2, &ops, &p), ERR_NONE);
	assert_int_equal(affinity(2, 0x100), PSCI_ON);
	assert_int_equal(affinity(2, 0x000), PSCI_OFF);
}

static void test_version_and_migrate_info(void **state)
{
	assert_int_equal(call(0, PSCI_FN_VERSION, 0, 0, 0), 0x00010000);
	assert_int_equal(call(1, PSCI_FN_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
}

static void test_features(void **state)
{
	static const uint32_t yes[] = {
		PSCI_FN_VERSION,       PSCI_FN_CPU_OFF,		  PSCI_FN_CPU_ON,
		PSCI_FN_AFFINITY_INFO, PSCI_FN_MIGRATE_INFO_TYPE, PSCI_FN_SYSTEM_OFF,
		PSCI_FN_SYSTEM_RESET,  PSCI_FN_FEATURES};
	static const uint32_t no[] = {PSCI_FN_CPU_SUSPEND, PSCI_FN_MIGRATE,
				      SMCCC_FN_VERSION,	   0xc4000003 /* CPU_ON, SMC64 */,
				      0x8400000e,	   0x84000012};

	for (unsigned int i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_int_equal(call(0, PSCI_FN_FEATURES, yes[i], 0, 0), PSCI_RET_SUCCESS);
	for (unsigned int i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_int_equal(call(0, PSCI_FN_FEATURES, no[i], 0, 0), PSCI_RET_NOT_SUPPORTED);
}

static void test_unsupported_functions(void **state)
{
	static const uint32_t fns[] = {
		PSCI_FN_CPU_SUSPEND, PSCI_FN_MIGRATE,  0x84000007, 0xc4000003,
		0x8400001f,	     SMCCC_FN_VERSION, 0x82000000, 0};

	for (unsigned int i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		assert_int_equal(call(0, fns[i], 0x101, 0x8000, 0), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(on.calls, 0);
}

static void test_cpu_on_state_machine(void **state)
{
	assert_int_equal(affinity(0, 0x101), PSCI_OFF);
	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0x101, 0x80008000, 0x1234), PSCI_RET_SUCCESS);
	assert_int_equal(on.calls, 1);
	assert_int_equal(on.vcpu, 3);
	assert_int_equal(on.pc, 0x80008000);
	assert_int_equal(on.cpsr, 0x1d3);
	assert_int_equal(on.r0, 0x1234);
	assert_int_equal(affinity(0, 0x101), PSCI_ON_PENDING);
	assert_int_equal(call(1, PSCI_FN_CPU_ON, 0x101, 0x80008000, 0), PSCI_RET_ON_PENDING);
	psci_vcpu_running(&p, 3);
	assert_int_equal(affinity(0, 0x101), PSCI_ON);
	assert_int_equal(call(1, PSCI_FN_CPU_ON, 0x101, 0x80008000, 0), PSCI_RET_ALREADY_ON);
	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0x000, 0x80008000, 0), PSCI_RET_ALREADY_ON);
	assert_int_equal(on.calls, 1);
	/* Running does not turn an OFF VCPU on. */
	psci_vcpu_running(&p, 1);
	psci_vcpu_running(&p, 7);
	assert_int_equal(affinity(0, 0x001), PSCI_OFF);
}

static void test_cpu_on_thumb_entry(void **state)
{
	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0x001, 0x80008001, 7), PSCI_RET_SUCCESS);
	assert_int_equal(on.pc, 0x80008000);
	assert_int_equal(on.cpsr, 0x1f3);
}

static void test_cpu_on_invalid(void **state)
{
	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0x002, 0x8000, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0x10000, 0x8000, 0), PSCI_RET_INVALID_PARAMETERS);
	/* Bits above the affinity fields must be zero. */
	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0x80000001, 0x8000, 0),
			 PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(on.calls, 0);
}

static void test_cpu_on_failure_leaves_it_off(void **state)
{
	on.result = ERR_NO_MEMORY;
	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0x100, 0x8000, 0), PSCI_RET_INTERNAL_FAILURE);
	assert_int_equal(affinity(0, 0x100), PSCI_OFF);
	on.result = 0;
	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0x100, 0x8000, 0), PSCI_RET_SUCCESS);
	assert_int_equal(on.calls, 2);
}

static void test_affinity_info_invalid(void **state)
{
	assert_int_equal(affinity(0, 0x200), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(call(0, PSCI_FN_AFFINITY_INFO, 0x000, 1, 0), PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(call(0, PSCI_FN_AFFINITY_INFO, 0x100, 2, 0), PSCI_RET_INVALID_PARAMETERS);
}

static void test_cpu_off_then_on_again(void **state)
{
	const uint32_t off[4] = {PSCI_FN_CPU_OFF};
	struct psci_result r;

	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0x001, 0x8000, 0), PSCI_RET_SUCCESS);
	psci_vcpu_running(&p, 1);
	r = psci_call(&p, 1, off);
	assert_true(r.stop);
	assert_int_equal(affinity(0, 0x001), PSCI_OFF);
	assert_int_equal(call(0, PSCI_FN_CPU_ON, 0x001, 0x9000, 5), PSCI_RET_SUCCESS);
	assert_int_equal(on.calls, 2);
	assert_int_equal(on.pc, 0x9000);
	assert_int_equal(on.r0, 5);
	/* The boot VCPU may go off too. */
	r = psci_call(&p, 0, off);
	assert_true(r.stop);
	assert_int_equal(affinity(1, 0x000), PSCI_OFF);
}

static void test_system_off_and_reset(void **state)
{
	const uint32_t off[4] = {PSCI_FN_SYSTEM_OFF}, reset[4] = {PSCI_FN_SYSTEM_RESET};

	assert_true(psci_call(&p, 0, off).stop);
	assert_int_equal(events[PSCI_EVENT_OFF], 1);
	assert_true(psci_call(&p, 0, reset).stop);
	assert_int_equal(events[PSCI_EVENT_RESET], 1);
	assert_int_equal(events[PSCI_EVENT_OFF], 1);
}

static void test_caller_out_of_range(void **state)
{
	assert_int_equal(call(4, PSCI_FN_VERSION, 0, 0, 0), PSCI_RET_NOT_SUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_checks, setup),
		cmocka_unit_test_setup(test_version_and_migrate_info, setup),
		cmocka_unit_test_setup(test_features, setup),
		cmocka_unit_test_setup(test_unsupported_functions, setup),
		cmocka_unit_test_setup(test_cpu_on_state_machine, setup),
		cmocka_unit_test_setup(test_cpu_on_thumb_entry, setup),
		cmocka_unit_test_setup(test_cpu_on_invalid, setup),
		cmocka_unit_test_setup(test_cpu_on_failure_leaves_it_off, setup),
		cmocka_unit_test_setup(test_affinity_info_invalid, setup),
		cmocka_unit_test_setup(test_cpu_off_then_on_again, setup),
		cmocka_unit_test_setup(test_system_off_and_reset, setup),
		cmocka_unit_test_setup(test_caller_out_of_range, setup),
	};
	return cmocka_run_group_tests_name("psci", tests, NULL, NULL);
}
