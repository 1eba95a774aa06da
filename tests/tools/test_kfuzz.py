# SPDX-License-Identifier: MIT
"""tools/kfuzz.py's verdict on a fuzzer's console: each kind of failure is named,
a clean report passes, and the wait grows with the calls."""

import os
import sys

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'tools'))

import kfuzz  # noqa: E402

CLEAN = '''fuzz: seed 7, 1000 calls on 4 cores
cella: thread 9 on cpu0 stopped: fault at 0x00000fff (pc 0x0011d8ac, syndrome 0x00000000); its fault handler is gone
KTAP version 1
ok 1 - fuzz_cpu0_every_call_returned
1..1
fuzz: finished
'''


class Console:
    def __init__(self, output):
        self.output = output


def test_clean_report_passes():
    assert kfuzz.failures(Console(CLEAN), 1000) == []


@pytest.mark.parametrize('line', [
    'cella: panic on cpu2: kobj refs underflow',
    'cella: unexpected HYP exception on cpu1: data abort (vector 0x10)',
    'cella: unexpected SVC exception on cpu0: data abort (vector 0x10)',
    'cella: kernel stack overflow on cpu0: FAR 0x00ffeff8, pc 0x00012345',
    'cella: kernel stack overflow on cpu3: HDFAR 0x80350ff8, pc 0x80012345',
    '# cpu1 stuck after call 4711, in the chain operation',
    'not ok 8 - fuzz_cpu0_kmem_came_back',
    'not ok 1 - fuzz_cpu0_every_call_returned',
])
def test_each_failure_named(line):
    output = CLEAN.replace('KTAP version 1\n', 'KTAP version 1\n%s\n' % line)
    assert kfuzz.failures(Console(output), 1000) == [line]


def test_no_report_is_a_failure():
    found = kfuzz.failures(Console(CLEAN.replace('fuzz: finished\n', '')), 1000)
    assert len(found) == 1 and found[0].startswith('no report within')


def test_kernel_failure_ends_the_wait():
    """boot() stops at a kernel failure: the missing report is named without a wait."""
    output = CLEAN[:CLEAN.index('KTAP')] + 'cella: panic on cpu0: x\n'
    assert kfuzz.failures(Console(output), 1000) == ['cella: panic on cpu0: x', 'no report']


def test_wait_grows_with_calls():
    assert kfuzz.timeout(1000000) > kfuzz.timeout(100000) > kfuzz.timeout(1000)


def test_each_board_fuzzes_its_cores():
    assert kfuzz.cores('vexpress-a15') == 4
    assert kfuzz.cores('versatilepb') == 1
    assert kfuzz.timeout(100000, 'versatilepb') > kfuzz.timeout(100000, 'vexpress-a15')


def test_repeat_command_names_the_board():
    assert kfuzz.command(1000, 7, 'vexpress-a15') == './cella fuzz --kernel --calls 1000 --seed 7'
    assert kfuzz.command(1000, 7, 'versatilepb') == \
        './cella fuzz --kernel --board versatilepb --calls 1000 --seed 7'
    assert kfuzz.where('versatilepb') == '1 core of versatilepb'


def test_skipped_result_is_no_failure():
    """What a board lacks skips: ok, so neither a failure nor missing coverage."""
    line = 'ok 4 - fuzz_cpu0_moved_while_called # SKIP needs two cores or more'
    output = CLEAN.replace('KTAP version 1\n', 'KTAP version 1\n%s\n' % line)
    assert kfuzz.failures(Console(output), 1000, 'versatilepb') == []


def test_missing_coverage_is_no_kernel_failure():
    """A short run may build no space: the test asserts coverage, the verdict does not."""
    line = 'not ok 5 - fuzz_cpu0_spaces_built_and_closed'
    output = CLEAN.replace('KTAP version 1\n', 'KTAP version 1\n%s\n' % line)
    assert kfuzz.failures(Console(output), 1000) == []
