// SPDX-License-Identifier: MIT
/*
 * Unit tests of the VMM's doorbell windows (partition/vmm/vmm.c): a write
 * anywhere in a channel's doorbell page rings its peer with the value
 * written, a read takes what the peer rang, and the pages are checked when
 * they are added.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <uapi/cella/errors.h>
#include <vmm.h>

#define GICD	0x2c001000u
#define BELL	0x2d000000u
#define PC	0x80001000u
#define RINGS	4
#define CONTEXT ((void *)0x1234)
#define PENDING 0x80000005u
#define PVPANIC 0x2d040000u

static struct vmm vm;
static struct vmm_result res;
static unsigned int rings, ring_id[RINGS], takes, take_id;
static uint32_t ring_value[RINGS];
static void *ring_ctx;

static void mock_ring(void *ctx, unsigned int id, uint32_t value)
{
	ring_ctx = ctx;
	if (rings < RINGS) {
		ring_id[rings] = id;
		ring_value[rings] = value;
	}
	rings++;
}

static uint32_t mock_take(void *ctx, unsigned int id)
{
	takes++;
	take_id = id;
	return PENDING;
}

static int mock_virq(void *ctx, unsigned int vcpu, unsigned int virq, unsigned int op)
{
	return 0;
}

static int mock_cpu_on(void *ctx, unsigned int vcpu, uint32_t pc, uint32_t cpsr, uint32_t r0)
{
	return 0;
}

static void mock_system_event(void *ctx, enum psci_event event)
{
}

static const struct vgicd_ops gic_ops = {.virq = mock_virq};
static const struct psci_ops psci_ops = {.cpu_on = mock_cpu_on, .system_event = mock_system_event};
static const struct vmm_doorbell_ops bell_ops = {.ring = mock_ring, .take = mock_take};
static const struct vmm_config config = {
	.vcpus = 2,
	.mpidr = {0x80000000, 0x80000001},
	.gicd_base = GICD,
	.periphbase = 0x2c000000u,
	.pvpanic_base = PVPANIC,
};

static int setup(void **state)
{
	rings = takes = 0;
	ring_ctx = NULL;
	if (vmm_init(&vm, &config, &gic_ops, &psci_ops, NULL) < 0)
		return -1;
	if (vmm_doorbell_add(&vm, BELL, 7, &bell_ops, CONTEXT) < 0)
		return -1;
	return vmm_doorbell_add(&vm, BELL + VMM_DOORBELL_SIZE, 9, &bell_ops, CONTEXT);
}

static enum vmm_action mmio(unsigned int vcpu, uint32_t addr, uint32_t value, uint32_t size,
			    uint32_t reg, uint32_t flags)
{
	const uint32_t msg[VCPU_EXIT_WORDS] = {FAULT_VCPU_MMIO, addr, PC,  0,
					       value,		size, reg, flags};

	memset(&res, 0x5a, sizeof(res));
	return vmm_exit(&vm, vcpu, msg, &res);
}

static void assert_resumed(int set, unsigned int reg, uint32_t value)
{
	unsigned int flags = VCPU_REPLY_ADVANCE | (set ? VCPU_REPLY_SET : 0);

	assert_int_equal(res.action, VMM_RESUME);
	assert_int_equal(res.reply[0], FAULT_RESUME);
	assert_int_equal(res.reply[2], VCPU_REPLY(flags, set ? reg : 0));
	if (set)
		assert_int_equal(res.reply[3], value);
}

static void test_write_rings_with_the_value(void **state)
{
	assert_int_equal(mmio(0, BELL, 0x10, 4, 3, VCPU_MMIO_WRITE), VMM_RESUME);
	assert_resumed(0, 0, 0);
	/* anywhere in the page, any size, from any VCPU; the value masked to the size */
	assert_int_equal(mmio(1, BELL + 0xffc, 0x1ff, 1, 2, VCPU_MMIO_WRITE), VMM_RESUME);
	assert_int_equal(mmio(0, BELL + VMM_DOORBELL_SIZE + 8, 0, 4, 2, VCPU_MMIO_WRITE),
			 VMM_RESUME);
	assert_int_equal(rings, 3);
	assert_int_equal(ring_id[0], 7);
	assert_int_equal(ring_value[0], 0x10);
	assert_int_equal(ring_id[1], 7);
	assert_int_equal(ring_value[1], 0xff);
	assert_int_equal(ring_id[2], 9);
	assert_int_equal(ring_value[2], 0);
	assert_ptr_equal(ring_ctx, CONTEXT);
	assert_int_equal(takes, 0);
	assert_int_equal(vm.stats[VMM_STAT_MMIO], 3);
}

static void test_read_takes(void **state)
{
	assert_int_equal(mmio(0, BELL + VMM_DOORBELL_SIZE + 4, 0, 4, 5, 0), VMM_RESUME);
	assert_resumed(1, 5, PENDING);
	assert_int_equal(take_id, 9);
	mmio(0, BELL, 0, 1, 6, VCPU_MMIO_SIGNED); /* ldrsb: the low byte, sign-extended */
	assert_resumed(1, 6, 5);
	assert_int_equal(take_id, 7);
	assert_int_equal(takes, 2);
	assert_int_equal(rings, 0);
	/* a load into the pc is a fault, as for the distributor */
	assert_int_equal(mmio(0, BELL, 0, 4, VCPU_REG_PC, 0), VMM_FAULT);
	assert_int_equal(res.fault, VMM_FAULT_MMIO);
}

static void test_beside_the_pages_faults(void **state)
{
	assert_int_equal(mmio(0, BELL - 4, 1, 4, 0, VCPU_MMIO_WRITE), VMM_FAULT);
	assert_int_equal(res.fault, VMM_FAULT_MMIO);
	assert_int_equal(mmio(0, BELL + 2 * VMM_DOORBELL_SIZE, 1, 4, 0, VCPU_MMIO_WRITE),
			 VMM_FAULT);
	assert_int_equal(rings, 0);
	/* the distributor still answers */
	assert_int_equal(mmio(0, GICD + 4, 0, 4, 2, 0), VMM_RESUME);
	assert_resumed(1, 2, 0x22); /* GICD_TYPER: 2 CPUs, 96 IDs */
}

static void test_add_checks(void **state)
{
	assert_int_equal(vmm_doorbell_add(&vm, BELL + 4, 1, &bell_ops, NULL), ERR_INVALID);
	assert_int_equal(vmm_doorbell_add(&vm, BELL + VMM_DOORBELL_SIZE, 1, &bell_ops, NULL),
			 ERR_INVALID);
	assert_int_equal(vmm_doorbell_add(&vm, GICD, 1, &bell_ops, NULL), ERR_INVALID);
	for (unsigned int i = 2; i < VMM_DOORBELLS; i++)
		assert_int_equal(
			vmm_doorbell_add(&vm, BELL + i * VMM_DOORBELL_SIZE, i, &bell_ops, NULL), 0);
	assert_int_equal(vmm_doorbell_add(&vm, 0x40000000u, 1, &bell_ops, NULL), ERR_NO_MEMORY);
	/* vmm_init() forgets them: the glue adds them again at each start */
	assert_int_equal(vmm_init(&vm, &config, &gic_ops, &psci_ops, NULL), 0);
	assert_int_equal(mmio(0, BELL, 1, 4, 0, VCPU_MMIO_WRITE), VMM_FAULT);
}

/* The pvpanic page: reads "panicked" supported; a write of it is a fault, of nothing not. */
static void test_pvpanic(void **state)
{
	struct vmm other;
	struct vmm_config bad = config;

	assert_int_equal(mmio(0, PVPANIC, 0, 1, 4, 0), VMM_RESUME);
	assert_resumed(1, 4, VMM_PVPANIC_PANICKED);
	assert_int_equal(mmio(1, PVPANIC, 0, 1, 4, VCPU_MMIO_WRITE), VMM_RESUME);
	assert_int_equal(mmio(1, PVPANIC, 2, 1, 4, VCPU_MMIO_WRITE), VMM_RESUME); /* crash loaded */
	assert_int_equal(mmio(1, PVPANIC, VMM_PVPANIC_PANICKED, 1, 4, VCPU_MMIO_WRITE), VMM_FAULT);
	assert_int_equal(res.fault, VMM_FAULT_PANIC);
	assert_string_equal(vmm_fault_name(VMM_FAULT_PANIC), "the guest panicked");
	assert_int_equal(mmio(0, PVPANIC + VMM_PVPANIC_SIZE, 0, 1, 4, 0), VMM_FAULT);
	assert_int_equal(vmm_doorbell_add(&vm, PVPANIC, 3, &bell_ops, CONTEXT), ERR_INVALID);
	bad.pvpanic_base = PVPANIC + 4;
	assert_int_equal(vmm_init(&other, &bad, &gic_ops, &psci_ops, NULL), ERR_INVALID);
	bad.pvpanic_base = 0; /* none: the page is nothing */
	assert_int_equal(vmm_init(&other, &bad, &gic_ops, &psci_ops, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_write_rings_with_the_value, setup),
		cmocka_unit_test_setup(test_read_takes, setup),
		cmocka_unit_test_setup(test_beside_the_pages_faults, setup),
		cmocka_unit_test_setup(test_add_checks, setup),
		cmocka_unit_test_setup(test_pvpanic, setup),
	};
	return cmocka_run_group_tests_name("vmm_doorbell", tests, NULL, NULL);
}
