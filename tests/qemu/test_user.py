# SPDX-License-Identifier: MIT
"""The root task's user-level system-call suite, checked result by result."""

import re

import pytest

from conftest import boot, ktap_results

USER_TESTS = [
    'sys_debug_write', 'sys_bad_number', 'sys_svc_numbered_or_thumb',
    'handle_bad_and_wrong_type',
    'handle_close_makes_stale', 'handle_rights_enforced', 'handle_copy_needs_grant',
    'thread_create_start', 'thread_create_errors', 'sched_higher_priority_preempts',
    'sched_priority_limit', 'sched_round_robin', 'thread_suspend_resume',
    'fault_without_handler_stops_thread', 'memory_split_and_map', 'kmem_exhaustion_confined',
    'tls_is_per_thread', 'space_create_with_a_full_table', 'space_create_is_charged',
    'console_tag',
]
IPC_TESTS = [
    'ipc_call_reply_badge', 'ipc_long_message', 'ipc_every_register_shape',
    'ipc_handle_transfer', 'ipc_errors',
    'ipc_timeouts', 'notify_signal_wait_poll', 'fault_handler_resume_redirect_stop',
    'fault_names_the_instruction',
    'endpoint_destroyed_under_waiter', 'fault_handler_chain_torn_down',
]
IRQ_TESTS = ['irq_claim_errors', 'irq_device_memory', 'irq_delivered_masked_acked']
SMP_TESTS = [
    'xcore_threads_on_every_core', 'xcore_call_reply', 'xcore_register_shapes',
    'xcore_three_cores_one_call',
    'xcore_timeouts_and_errors', 'xcore_notify', 'xcore_thread_ops_and_move',
    'xcore_signal_posted', 'xcore_destroy_under_waiter', 'xcore_wake_order_on_idle_core',
    'xcore_fault_handler', 'xcore_kstat_and_move_errors',
]
VCPU_TESTS = [
    'vcpu_create_errors', 'vcpu_failed_create_frees_its_kick', 'vcpu_hvc_exit_and_reply',
    'vcpu_exit_truncated_without_buffer',
    'vcpu_write_registers', 'vcpu_write_before_start', 'vcpu_mmio_exits',
    'vcpu_smc_and_sysreg_exits', 'vcpu_wfi_blocks_until_virq',
    'vcpu_wfi_near_timer_ends', 'vcpu_virq_errors',
    'vcpu_stop_by_handler', 'vcpu_never_reaches_hyp', 'vcpu_aborts_without_syndrome',
    'vcpu_suspend_write_move', 'vcpu_irq_set_vcpu', 'vcpu_exits_across_cores',
    'vcpu_notify_raises_virq', 'vcpu_stat', 'vcpu_tick_only_for_peers',
    'vcpu_lower_sleeper_waits',
]
SPACE_TESTS = [
    'space_destroy_returns_everything', 'space_destroy_frees_vmids',
    'space_destroy_takes_its_children', 'space_destroy_while_held_elsewhere',
    'space_destroy_errors',
]
ATOMIC_TESTS = ['atomic_add_under_preemption']
SUITES = [(0, USER_TESTS), (1, IPC_TESTS), (2, IRQ_TESTS), (3, SMP_TESTS),
          (4, VCPU_TESTS), (5, SPACE_TESTS), (6, ATOMIC_TESTS)]  # KTAP, in order
# Tests that assert what the kernel should do and does not yet (see the test's comment).
KERNEL_DEFECTS = {}  # KTAP name: why it is expected to fail (a known kernel defect)
_console = []


def suite():
    if not _console:
        _console.append(boot(r'^root: ready$', smp=4, bootargs='ktest=off'))
    return _console[0]


def test_root_task_started():
    console = suite()
    assert re.search(r'^cella: root task: \d+ KiB image, \d+ MiB free RAM, thread 0 on cpu0$',
                     console.output, re.M), console.failure('root task line')
    assert re.search(r'^root: started: 4 cores, \d+ MiB free RAM at 0x[0-9a-f]{8}$',
                     console.output, re.M), console.failure('root task did not start')


@pytest.mark.parametrize('index,names', SUITES)
def test_suite_complete(index, names):
    console = suite()
    results = ktap_results(console.output, suite=index)
    assert sorted(results) == sorted(names), console.failure('unexpected set of tests')
    assert re.search(r'^1\.\.%d$' % len(names), console.output, re.M)


def _case(index, name):
    if name not in KERNEL_DEFECTS:
        return (index, name)
    return pytest.param(index, name, marks=pytest.mark.xfail(
        reason='kernel defect: ' + KERNEL_DEFECTS[name], strict=True))


@pytest.mark.parametrize('index,name', [_case(i, n) for i, names in SUITES for n in names])
def test_user(index, name):
    console = suite()
    results = ktap_results(console.output, suite=index)
    assert name in results, console.failure('%s did not report' % name)
    ok, line = results[name]
    assert ok, console.failure(line)
    # Every suite can run on vexpress-a15 with 4 cores: a skip here is a test lost.
    assert '# SKIP' not in line, console.failure(line)


_slow = []


def slow_suite():
    """The same suites booted with the IPC fast path off: every call takes the slow path."""
    if not _slow:
        _slow.append(boot(r'^root: ready$', smp=4, bootargs='ktest=off ipc_fastpath=off'))
    return _slow[0]


def test_fast_and_slow_paths_agree():
    """Every suite's results, case by case, are the same with the fast path on and off."""
    fast, slow = suite(), slow_suite()
    for index, names in SUITES:
        got = ktap_results(slow.output, suite=index)
        assert sorted(got) == sorted(names), slow.failure('unexpected set of tests')
        for name in names:
            assert got[name][0] == ktap_results(fast.output, suite=index)[name][0], \
                slow.failure('%s differs with ipc_fastpath=off: %s' % (name, got[name][1]))


def test_fault_handler_stop_reported():
    console = suite()
    assert re.search(r'^cella: thread \d+ on cpu0 stopped: fault at 0x40000000 \(pc 0x40000000, '
                     r'syndrome 0x[0-9a-f]{8}\); stopped by its fault handler$', console.output, re.M), \
        console.failure('no report of the handler stopping a thread')


@pytest.mark.parametrize('what,addr', [('write fault', '0x00000000'),
                                       ('undefined instruction', None),
                                       ('instruction fetch fault', '0x40000000')])
def test_fault_reported_on_console(what, addr):
    console = suite()
    pattern = (r'^cella: thread \d+ on cpu0 stopped: %s at %s \(pc 0x[0-9a-f]{8}, '
               r'syndrome 0x[0-9a-f]{8}\); no fault handler$' % (what, addr or '0x[0-9a-f]{8}'))
    assert re.search(pattern, console.output, re.M), console.failure('no report of ' + what)


def test_other_spaces_cannot_send_control_characters():
    """A thread outside the root task writes escapes and a CR: they reach the console as '?'."""
    console = suite()
    assert re.search(r'^space \d+\| # from another space: \?\[1mbold\?\[0m\?$',
                     console.output, re.M), \
        console.failure('control characters from another space were not defanged and marked')


def test_other_spaces_lines_are_marked_as_theirs():
    """A space tagged 'tagged' forges a kernel line with an escape in two writes, then writes
    a line it never ends: each comes out whole, marked, defanged."""
    console = suite()
    assert re.search(r'^tagged\| cella: forged from a tagged space\?\[2J\?$', console.output,
                     re.M), console.failure('the forged line was not marked whole')
    assert not re.search(r'^cella: forged', console.output, re.M), console.failure('forged')
    assert re.search(r'^tagged\| unfinished$', console.output, re.M), \
        console.failure('an unended line was not ended by the kernel')
