// SPDX-License-Identifier: MIT
/*
 * Unit tests of the VMM's exit dispatcher (partition/vmm/vmm.c) and its
 * coprocessor decoding (coproc.c): exits as the kernel sends them, with
 * HSR values worked out by hand from the ARMv7 ARM (B3.13.6), and the
 * replies and verdicts they get.
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

#define GICD	   0x2c001000u
#define PERIPHBASE 0x2c000000u
#define PC	   0x80001000u

static struct vmm vm;
static struct vmm_result res;
static unsigned int virq_calls, last_virq, last_op, last_vcpu;
static unsigned int cpu_on_calls, cpu_on_vcpu, events[2];

static int mock_virq(void *ctx, unsigned int vcpu, unsigned int virq, unsigned int op)
{
	virq_calls++;
	last_vcpu = vcpu;
	last_virq = virq;
	last_op = op;
	return 0;
}

static int mock_cpu_on(void *ctx, unsigned int vcpu, uint32_t pc, uint32_t cpsr, uint32_t r0)
{
	cpu_on_calls++;
	cpu_on_vcpu = vcpu;
	return 0;
}

static void mock_system_event(void *ctx, enum psci_event event)
{
	events[event]++;
}

static const struct vgicd_ops gic_ops = {.virq = mock_virq};
static const struct psci_ops psci_ops = {.cpu_on = mock_cpu_on, .system_event = mock_system_event};
static const struct vmm_config config = {
	.vcpus = 4,
	.boot_vcpu = 0,
	.mpidr = {0x80000000, 0x80000001, 0x80000002, 0x80000003},
	.gicd_base = GICD,
	.periphbase = PERIPHBASE,
};

static int setup(void **state)
{
	virq_calls = cpu_on_calls = 0;
	events[0] = events[1] = 0;
	return vmm_init(&vm, &config, &gic_ops, &psci_ops, NULL);
}

static enum vmm_action run(unsigned int vcpu, uint32_t kind, uint32_t addr, uint32_t hsr,
			   uint32_t w4, uint32_t w5, uint32_t w6, uint32_t w7)
{
	const uint32_t msg[VCPU_EXIT_WORDS] = {kind, addr, PC, hsr, w4, w5, w6, w7};

	memset(&res, 0x5a, sizeof(res));
	return vmm_exit(&vm, vcpu, msg, &res);
}

/* The reply resumes after the instruction, setting @reg to @value if @set. */
static void assert_resumed(int set, unsigned int reg, uint32_t value)
{
	assert_int_equal(res.action, VMM_RESUME);
	assert_int_equal(res.fault, VMM_FAULT_NONE);
	assert_int_equal(res.reply[0], FAULT_RESUME);
	assert_int_equal(res.reply[1], 0);
	if (set) {
		assert_int_equal(res.reply[2],
				 VCPU_REPLY(VCPU_REPLY_ADVANCE | VCPU_REPLY_SET, reg));
		assert_int_equal(res.reply[3], value);
	} else {
		assert_int_equal(res.reply[2], VCPU_REPLY(VCPU_REPLY_ADVANCE, 0));
	}
}

static void assert_stopped(enum vmm_action action, enum vmm_fault why)
{
	assert_int_equal(res.action, action);
	assert_int_equal(res.fault, why);
	assert_int_equal(res.reply[0], FAULT_STOP);
	assert_int_equal(res.reply[2], 0);
}

static void test_init_checks(void **state)
{
	struct vmm_config bad = config;

	bad.vcpus = 0;
	assert_int_equal(vmm_init(&vm, &bad, &gic_ops, &psci_ops, NULL), ERR_INVALID);
	bad = config;
	bad.mpidr[3] = bad.mpidr[0];
	assert_int_equal(vmm_init(&vm, &bad, &gic_ops, &psci_ops, NULL), ERR_INVALID);
	bad = config;
	bad.boot_vcpu = 4;
	assert_int_equal(vmm_init(&vm, &bad, &gic_ops, &psci_ops, NULL), ERR_INVALID);
}

static void test_mmio_read_and_write(void **state)
{
	/* ldr r2, [GICD_TYPER] */
	assert_int_equal(run(0, FAULT_VCPU_MMIO, GICD + 4, 0, 0, 4, 2, 0), VMM_RESUME);
	assert_resumed(1, 2, 0x62);
	/* str r3, [GICD_ISENABLER0] with the timer PPI on VCPU 1 */
	assert_int_equal(run(1, FAULT_VCPU_MMIO, GICD + 0x100, 0, 1u << 27, 4, 3, VCPU_MMIO_WRITE),
			 VMM_RESUME);
	assert_resumed(0, 0, 0);
	assert_int_equal(virq_calls, 1);
	assert_int_equal(last_vcpu, 1);
	assert_int_equal(last_virq, 27);
	assert_int_equal(last_op, VIRQ_ENABLE);
	run(1, FAULT_VCPU_MMIO, GICD + 0x100, 0, 0, 4, 14, 0);
	assert_resumed(1, 14, 1u << 27);
	assert_int_equal(vm.stats[VMM_STAT_MMIO], 3);
}

static void test_mmio_bytes_signed_and_masked(void **state)
{
	/* strb of a register holding 0x1ff: only the low byte is stored. */
	run(0, FAULT_VCPU_MMIO, GICD + 0x400 + 40, 0, 0x1ff, 1, 0, VCPU_MMIO_WRITE);
	assert_resumed(0, 0, 0);
	run(0, FAULT_VCPU_MMIO, GICD + 0x400 + 40, 0, 0, 1, 5, 0); /* ldrb */
	assert_resumed(1, 5, 0xf8);
	run(0, FAULT_VCPU_MMIO, GICD + 0x400 + 40, 0, 0, 1, 5, VCPU_MMIO_SIGNED); /* ldrsb */
	assert_resumed(1, 5, 0xfffffff8);
	run(0, FAULT_VCPU_MMIO, GICD + 0x400 + 40, 0, 0, 4, 6, VCPU_MMIO_SIGNED);
	assert_resumed(1, 6, 0xf8);
	/* ldrh: GICv2 has no halfword registers; it reads as zero, counted. */
	run(0, FAULT_VCPU_MMIO, GICD + 0x400 + 40, 0, 0, 2, 5, VCPU_MMIO_SIGNED);
	assert_resumed(1, 5, 0);
	assert_int_equal(vm.gicd.stats.bad_access, 1);
}

static void test_mmio_outside_or_into_pc_faults(void **state)
{
	assert_int_equal(run(0, FAULT_VCPU_MMIO, GICD - 4, 0, 0, 4, 0, 0), VMM_FAULT);
	assert_stopped(VMM_FAULT, VMM_FAULT_MMIO);
	assert_int_equal(run(0, FAULT_VCPU_MMIO, GICD + VGICD_SIZE, 0, 0, 4, 0, VCPU_MMIO_WRITE),
			 VMM_FAULT);
	assert_int_equal(run(0, FAULT_VCPU_MMIO, 0x1c090000, 0, 0, 4, 0, 0), VMM_FAULT);
	assert_int_equal(run(0, FAULT_VCPU_MMIO, GICD + 4, 0, 0, 4, VCPU_REG_PC, 0), VMM_FAULT);
	assert_stopped(VMM_FAULT, VMM_FAULT_MMIO);
	assert_int_equal(vm.stats[VMM_STAT_FAULT], 4);
	assert_int_equal(vm.stats[VMM_STAT_MMIO], 4);
}

static void test_hvc_psci(void **state)
{
	run(0, FAULT_VCPU_HVC, 0, 0, PSCI_FN_VERSION, 0, 0, 0);
	assert_resumed(1, 0, 0x00010000);
	run(0, FAULT_VCPU_HVC, 0, 0, PSCI_FN_CPU_ON, 2, 0x80008000, 0);
	assert_resumed(1, 0, PSCI_RET_SUCCESS);
	assert_int_equal(cpu_on_calls, 1);
	assert_int_equal(cpu_on_vcpu, 2);
	run(0, FAULT_VCPU_HVC, 0, 0, PSCI_FN_AFFINITY_INFO, 2, 0, 0);
	assert_resumed(1, 0, PSCI_ON_PENDING);
	run(0, FAULT_VCPU_HVC, 0, 0, PSCI_FN_CPU_ON, 2, 0x80008000, 0);
	assert_resumed(1, 0, (uint32_t)PSCI_RET_ON_PENDING);
	/* Its first exit shows VCPU 2 runs. */
	run(2, FAULT_VCPU_MMIO, GICD, 0, 0, 4, 0, 0);
	run(0, FAULT_VCPU_HVC, 0, 0, PSCI_FN_AFFINITY_INFO, 2, 0, 0);
	assert_resumed(1, 0, PSCI_ON);
	/* CPU_OFF: the caller stops, and is off. */
	assert_int_equal(run(2, FAULT_VCPU_HVC, 0, 0, PSCI_FN_CPU_OFF, 0, 0, 0), VMM_STOP);
	assert_stopped(VMM_STOP, VMM_FAULT_NONE);
	run(0, FAULT_VCPU_HVC, 0, 0, PSCI_FN_AFFINITY_INFO, 2, 0, 0);
	assert_resumed(1, 0, PSCI_OFF);
	assert_int_equal(vm.stats[VMM_STAT_HVC], 7);
	assert_int_equal(vm.stats[VMM_STAT_FAULT], 0);
}

static void test_system_off_stops(void **state)
{
	assert_int_equal(run(1, FAULT_VCPU_HVC, 0, 0, PSCI_FN_SYSTEM_RESET, 0, 0, 0), VMM_STOP);
	assert_int_equal(events[PSCI_EVENT_RESET], 1);
	assert_int_equal(run(0, FAULT_VCPU_SMC, 0, 0, PSCI_FN_SYSTEM_OFF, 0, 0, 0), VMM_STOP);
	assert_int_equal(events[PSCI_EVENT_OFF], 1);
}

static void test_other_smccc_calls(void **state)
{
	/* Not PSCI: SMCCC's "unknown function", -1. */
	run(0, FAULT_VCPU_HVC, 0, 0, 0x82000000, 0, 0, 0);
	assert_resumed(1, 0, 0xffffffff);
	run(0, FAULT_VCPU_SMC, 0, 0, 0x83000001, 0, 0, 0);
	assert_resumed(1, 0, 0xffffffff);
	run(0, FAULT_VCPU_SMC, 0, 0, PSCI_FN_VERSION, 0, 0, 0);
	assert_resumed(1, 0, 0x00010000);
	/* A non-zero immediate is not SMCCC. */
	assert_int_equal(run(0, FAULT_VCPU_HVC, 1, 0, PSCI_FN_VERSION, 0, 0, 0), VMM_FAULT);
	assert_stopped(VMM_FAULT, VMM_FAULT_HVC);
	assert_int_equal(vm.stats[VMM_STAT_SMC], 2);
	assert_int_equal(vm.stats[VMM_STAT_HVC], 2);
}

/* A SYSREG exit with HSR @hsr; @rt_value is what a write stores. */
static enum vmm_action sysreg(uint32_t hsr, uint32_t rt_value)
{
	uint32_t flags = (hsr & 1 ? VCPU_SYSREG_READ : 0) |
			 ((hsr >> 26 == 0x04 || hsr >> 26 == 0x0c) ? VCPU_SYSREG_64BIT : 0);

	return run(0, FAULT_VCPU_SYSREG, hsr & HSR_ISS_MASK, hsr, rt_value, hsr >> 5 & 0xf, 0,
		   flags);
}

/*
 * HSR = EC << 26 | IL (1 << 25) | ISS; ISS here always CV 1, COND 0xe
 * (0x01e00000), then for MCR/MRC: Opc2 << 17 | Opc1 << 14 | CRn << 10 |
 * Rt << 5 | CRm << 1 | read; for MCRR/MRRC: Opc1 << 16 | Rt2 << 10 | Rt
 * << 5 | CRm << 1 | read.
 */
static void test_sysreg_answers(void **state)
{
	sysreg(0x0fe20461, 0); /* mrc p15, 0, r3, c1, c0, 1: ACTLR */
	assert_resumed(1, 3, 0x40);
	sysreg(0x0fe20440, 0); /* mcr p15, 0, r2, c1, c0, 1 */
	assert_resumed(0, 0, 0);
	sysreg(0x0fe46401, 0); /* mrc p15, 1, r0, c9, c0, 2: L2CTLR */
	assert_resumed(1, 0, 3u << 24);
	sysreg(0x0fe66421, 0); /* mrc p15, 1, r1, c9, c0, 3: L2ECTLR */
	assert_resumed(1, 1, 0);
	sysreg(0x0fe66420, 0x55); /* mcr p15, 1, r1, c9, c0, 3 */
	assert_resumed(0, 0, 0);
	sysreg(0x0fe13ca1, 0); /* mrc p15, 4, r5, c15, c0, 0: CBAR */
	assert_resumed(1, 5, PERIPHBASE);
	sysreg(0x0fe03c01, 0); /* mrc p15, 0, r0, c15, c0, 0 */
	assert_resumed(1, 0, 0);
	sysreg(0x0fe02499, 0); /* mrc p15, 0, r4, c9, c12, 0: PMCR */
	assert_resumed(1, 4, 0);
	sysreg(0x0fe02c00, 1); /* mcr p15, 0, r0, c11, c0, 0: implementation defined */
	assert_resumed(0, 0, 0);
	sysreg(0x17e00001, 0); /* mrc p14, 0, r0, c0, c0, 0: DBGDIDR */
	assert_resumed(1, 0, 0);
	sysreg(0x13e0041e, 0); /* mcrr p15, 0, r0, r1, c15 */
	assert_resumed(0, 0, 0);
	assert_int_equal(vm.stats[VMM_STAT_SYSREG], 11);
	assert_int_equal(vm.stats[VMM_STAT_FAULT], 0);
}

static void test_sysreg_faults(void **state)
{
	static const uint32_t hsrs[] = {
		0x0fe00401, /* mrc p15, 0, r0, c1, c0, 0: SCTLR, not the VMM's */
		0x0fe02805, /* mrc p15, 0, r0, c10, c2, 0: PRRR, not implementation defined */
		0x17e001e3, /* mrc p14, 0, APSR_nzcv, c0, c1, 0: into the flags */
		0x13e0041f, /* mrrc p15, 0, r0, r1, c15: two registers */
		0x33e00403, /* mrrc p14, 0, r0, r1, c1: DBGDRAR, two registers */
		0x17e04001, /* mrc p14, 1, r0, c0, c0, 0: trace, not debug */
		0x1be00001, /* ldc p14 (EC 0x06) */
		0x1fe00001, /* EC 0x07: not a register access */
	};

	for (unsigned int i = 0; i < sizeof(hsrs) / sizeof(hsrs[0]); i++) {
		assert_int_equal(sysreg(hsrs[i], 0), VMM_FAULT);
		assert_stopped(VMM_FAULT, VMM_FAULT_SYSREG);
	}
	assert_int_equal(vm.stats[VMM_STAT_FAULT], 8);
}

static void test_coproc_decode(void **state)
{
	struct coproc_access a;

	assert_int_equal(coproc_decode(0x0fe13ca1, &a), ERR_NONE);
	assert_int_equal(a.cp, 15);
	assert_int_equal(a.opc1, 4);
	assert_int_equal(a.crn, 15);
	assert_int_equal(a.crm, 0);
	assert_int_equal(a.opc2, 0);
	assert_int_equal(a.rt, 5);
	assert_true(a.read);
	assert_false(a.wide);
	/* mcr p14, 6, r7, c1, c0, 0 (TEEHBR): ISS 0x01e184e0 */
	assert_int_equal(coproc_decode(0x17e184e0, &a), ERR_NONE);
	assert_int_equal(a.cp, 14);
	assert_int_equal(a.opc1, 6);
	assert_int_equal(a.crn, 1);
	assert_int_equal(a.rt, 7);
	assert_false(a.read);
	/* mrrc p14, 0, r0, r1, c1: wide, Rt2 1 */
	assert_int_equal(coproc_decode(0x33e00403, &a), ERR_NONE);
	assert_int_equal(a.cp, 14);
	assert_true(a.wide);
	assert_int_equal(a.rt, 0);
	assert_int_equal(a.rt2, 1);
	assert_int_equal(a.crm, 1);
	/* mcrr p15, 3, r8, r9, c15: Opc1 3 << 16, Rt2 9 << 10, Rt 8 << 5, CRm 15 << 1 */
	assert_int_equal(coproc_decode(0x13e3251e, &a), ERR_NONE);
	assert_int_equal(a.opc1, 3);
	assert_int_equal(a.rt2, 9);
	assert_int_equal(a.rt, 8);
	assert_int_equal(a.crm, 15);
	assert_int_equal(coproc_decode(0x1be00001, &a), ERR_INVALID);
}

static void test_aborts_and_other_exits_fault(void **state)
{
	assert_int_equal(run(0, FAULT_DATA, 0x40000000, 0x93800047, 0, 0, 0, 0), VMM_FAULT);
	assert_stopped(VMM_FAULT, VMM_FAULT_ABORT);
	assert_int_equal(run(1, FAULT_PREFETCH, 0x40000000, 0, 0, 0, 0, 0), VMM_FAULT);
	assert_stopped(VMM_FAULT, VMM_FAULT_ABORT);
	assert_int_equal(run(0, FAULT_UNDEFINED, 0, 0, 0, 0, 0, 0), VMM_FAULT);
	assert_stopped(VMM_FAULT, VMM_FAULT_UNDEFINED);
	assert_int_equal(run(0, FAULT_SYSCALL, 0, 0, 0, 0, 0, 0), VMM_FAULT);
	assert_stopped(VMM_FAULT, VMM_FAULT_EXIT);
	assert_int_equal(run(0, 99, 0, 0, 0, 0, 0, 0), VMM_FAULT);
	assert_stopped(VMM_FAULT, VMM_FAULT_EXIT);
	/* A VCPU the VM does not have. */
	assert_int_equal(run(4, FAULT_VCPU_HVC, 0, 0, PSCI_FN_VERSION, 0, 0, 0), VMM_FAULT);
	assert_stopped(VMM_FAULT, VMM_FAULT_EXIT);
	assert_int_equal(vm.stats[VMM_STAT_ABORT], 2);
	assert_int_equal(vm.stats[VMM_STAT_UNDEFINED], 1);
	assert_int_equal(vm.stats[VMM_STAT_OTHER], 2);
	assert_int_equal(vm.stats[VMM_STAT_HVC], 1);
	assert_int_equal(vm.stats[VMM_STAT_FAULT], 6);
}

static void test_names(void **state)
{
	for (unsigned int i = 0; i < VMM_STAT_COUNT; i++)
		assert_non_null(vmm_stat_name(i));
	for (unsigned int i = 0; i < VMM_FAULT_COUNT; i++)
		assert_non_null(vmm_fault_name(i));
	assert_string_equal(vmm_stat_name(VMM_STAT_COUNT), "?");
	assert_string_equal(vmm_fault_name(VMM_FAULT_COUNT), "?");
	assert_string_equal(vmm_stat_name(VMM_STAT_SYSREG), "sysreg");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_checks, setup),
		cmocka_unit_test_setup(test_mmio_read_and_write, setup),
		cmocka_unit_test_setup(test_mmio_bytes_signed_and_masked, setup),
		cmocka_unit_test_setup(test_mmio_outside_or_into_pc_faults, setup),
		cmocka_unit_test_setup(test_hvc_psci, setup),
		cmocka_unit_test_setup(test_system_off_stops, setup),
		cmocka_unit_test_setup(test_other_smccc_calls, setup),
		cmocka_unit_test_setup(test_sysreg_answers, setup),
		cmocka_unit_test_setup(test_sysreg_faults, setup),
		cmocka_unit_test_setup(test_coproc_decode, setup),
		cmocka_unit_test_setup(test_aborts_and_other_exits_fault, setup),
		cmocka_unit_test_setup(test_names, setup),
	};
	return cmocka_run_group_tests_name("vmm_exit", tests, NULL, NULL);
}
