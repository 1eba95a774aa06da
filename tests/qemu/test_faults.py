# SPDX-License-Identifier: MIT
"""A kernel fault (test-only boot option kfault=) gives a dump and a halt, not a hang."""

import re

import pytest

from conftest import boot

# kind -> (vector name, exception class) the dump must show
KINDS = {
    'undef': ('undefined instruction in HYP', 0x00),
    'dabt': ('data abort in HYP', 0x25),
    'pabt': ('prefetch abort in HYP', 0x21),
    'svc': ('SVC or HVC in HYP', 0x11),
    'hvc': ('SVC or HVC in HYP', 0x12),
}
UNMAPPED = 0x40000000  # arch/arm-common/ktest/kfault.c faults here


def fault_boot(kind, cpu, smp=2):
    return boot(r'^cella: cpu%d halted$' % cpu, smp=smp,
                bootargs='ktest=off kfault=%s kfault_cpu=%d' % (kind, cpu))


@pytest.mark.parametrize('kind', sorted(KINDS))
def test_fault_dump(kind):
    console = fault_boot(kind, cpu=1)
    out = console.output
    vector, ec = KINDS[kind]
    assert re.search(r'^cella: unexpected HYP exception on cpu1: %s \(vector 0x..\)$'
                     % re.escape(vector), out, re.M), console.failure('no dump header')
    m = re.search(r'^  EC 0x(..) \(.*\)  HSR 0x([0-9a-f]{8})  IL \d  ISS 0x[0-9a-f]{7}$',
                  out, re.M)
    assert m, console.failure('no syndrome line')
    assert int(m.group(1), 16) == ec, console.failure('wrong exception class')
    assert int(m.group(2), 16) >> 26 == ec, console.failure('HSR disagrees with EC')
    for reg in ('r0', 'r4', 'r8', 'r12', 'sp', 'lr', 'pc', 'psr'):
        assert re.search(r'\b%s +[0-9a-f]{8}\b' % reg, out), console.failure('no %s' % reg)
    assert re.search(r'^  HDFAR 0x[0-9a-f]{8}  HIFAR 0x[0-9a-f]{8}  HPFAR 0x[0-9a-f]{8}$',
                     out, re.M), console.failure('no fault address line')


def test_data_abort_names_the_address():
    console = fault_boot('dabt', cpu=1)
    assert 'HDFAR 0x%08x' % UNMAPPED in console.output, console.failure('HDFAR')


def test_prefetch_abort_names_the_address():
    console = fault_boot('pabt', cpu=1)
    assert 'HIFAR 0x%08x' % UNMAPPED in console.output, console.failure('HIFAR')
    assert re.search(r'pc +%08x' % UNMAPPED, console.output), console.failure('pc')


def test_boot_core_fault():
    console = fault_boot('dabt', cpu=0, smp=1)
    assert 'unexpected HYP exception on cpu0' in console.output, console.failure('dump')


def test_other_cores_keep_running():
    """The faulting core halts; another core still answers the console."""
    console = fault_boot('undef', cpu=3, smp=4)
    out = console.output
    dump = out[out.index('unexpected HYP exception'):]
    assert dump.index('cella: cpu3 halted') > 0
    # The dump is one block: no other core's line inside it.
    block = dump[:dump.index('cella: cpu3 halted')]
    assert not re.search(r'^cpu\d: ', block, re.M), console.failure('interleaved dump')


def test_unknown_fault_kind_is_refused():
    console = boot(r'^cella: kfault=bogus: unknown kind; known: .*$', smp=1,
                   bootargs='ktest=off kfault=bogus')
    assert 'halted' not in console.output


def test_fault_on_missing_core_is_refused():
    console = boot(r'^cella: kfault_cpu=3: no such core online$', smp=2,
                   bootargs='ktest=off kfault=undef kfault_cpu=3')
    assert 'halted' not in console.output


def test_stack_overflow_stops_at_the_guard():
    """A kernel stack that runs into its guard stops its core with one line, cleanly;
    the frames do not walk on into the next stack, and the other cores run on."""
    console = fault_boot('stack', cpu=1, smp=3)
    out = console.output
    assert re.search(r'^cella: kernel stack overflow on cpu1: HDFAR 0x[0-9a-f]{8}, '
                     r'pc 0x[0-9a-f]{8}$', out, re.M), console.failure('no overflow line')
    assert 'unexpected HYP exception' not in out, console.failure('the guard fault nested')
